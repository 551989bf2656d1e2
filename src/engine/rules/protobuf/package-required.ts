import type { ProtoFileElement } from '../../formats/protobuf/model.js'
import type { FormatLintRule } from '../types.js'

/** `PROTO_PACKAGE_REQUIRED`: the `.proto` file declares a package. */
export const protoPackageRequiredRule: FormatLintRule<ProtoFileElement> = {
  id: 'PROTO_PACKAGE_REQUIRED',
  kind: 'lint',
  schemaType: 'PROTOBUF',
  category: 'MINIMAL',
  severity: 'error',
  purpose: 'The .proto file declares a package.',
  docs: "Without a package every message name lives in one global namespace: two teams' Order messages clash in generated code and in the descriptor pool of a consumer that reads both. Changing the package later is PACKAGE_CHANGED, an incompatible difference for the registry, so declare it before the first registration (package com.acme.orders.v1;).",
  check(file) {
    return file.packageName === null ? [{ message: 'the file declares no package', pointer: '', line: 1, column: 1 }] : []
  },
}
