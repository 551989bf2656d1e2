/**
 * A `.proto` parser (proto2, proto3, editions) that keeps what Confluent Schema Registry's Protobuf
 * provider reads and prints, with 1-based line:column on every element and on every syntax error.
 * It follows the grammar of Square Wire's parser, which the registry uses, so a file the registry
 * parses gives the same element tree. Pure; never throws (errors come back as a result).
 */
import type {
  EnumConstantElement,
  EnumElement,
  ExtendElement,
  ExtensionsElement,
  FieldElement,
  FieldLabel,
  GroupElement,
  MessageElement,
  OneOfElement,
  OptionElement,
  OptionMap,
  OptionValue,
  ProtoFileElement,
  ProtoLocation,
  ProtoSyntax,
  RangeValue,
  ReservedElement,
  RpcElement,
  ServiceElement,
  TypeElement,
} from './model.js'
import { MAX_TAG_VALUE } from './model.js'

/** A syntax error with its position. */
export interface ProtoSyntaxError {
  message: string
  line: number
  column: number
}

export type ProtoParseResult = { ok: true; file: ProtoFileElement } | { ok: false; error: ProtoSyntaxError }

/** Deeper nesting (messages in messages, option aggregates) is refused: no stack overflow on hostile input. */
export const MAX_NESTING_DEPTH = 256

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
  }
}

type Context = 'file' | 'message' | 'enum' | 'service' | 'extend' | 'rpc'

const CH_NL = 10
const CH_SLASH = 47
const CH_STAR = 42

/** `name`, `a.b.c` (dotted) or `.a.b` (absolute), checked without a regular expression (hot path). */
function isName(word: string, dotted: boolean): boolean {
  let start = true
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i)
    if (c === 46) {
      if (!dotted || (start && i !== 0)) return false
      start = true
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
      start = false
    } else if (c >= 48 && c <= 57) {
      if (start) return false
    } else {
      return false
    }
  }
  return !start
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 43
}

/** Reads tokens from the text on demand, tracking line and column. */
class Reader {
  pos = 0
  line = 1
  lineStart = 0

  constructor(readonly text: string) {}

  /** The position of the next token (whitespace and comments skipped). */
  location(): ProtoLocation {
    this.skip()
    return { line: this.line, column: this.pos - this.lineStart + 1 }
  }

  fail(message: string, at: ProtoLocation = this.location()): never {
    throw new SyntaxFailure(message, at.line, at.column)
  }

  /** Skips whitespace and comments; true when the text is exhausted. */
  skip(): boolean {
    const text = this.text
    const n = text.length
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos)
      if (c === CH_NL) {
        this.pos++
        this.line++
        this.lineStart = this.pos
      } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xfeff) {
        this.pos++
      } else if (c === CH_SLASH && text.charCodeAt(this.pos + 1) === CH_SLASH) {
        const end = text.indexOf('\n', this.pos)
        this.pos = end === -1 ? n : end
      } else if (c === CH_SLASH && text.charCodeAt(this.pos + 1) === CH_STAR) {
        const start = { line: this.line, column: this.pos - this.lineStart + 1 }
        const end = text.indexOf('*/', this.pos + 2)
        if (end === -1) this.fail('unterminated comment (a "/*" without "*/")', start)
        for (let i = text.indexOf('\n', this.pos); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
          this.line++
          this.lineStart = i + 1
        }
        this.pos = end + 2
      } else {
        return false
      }
    }
    return true
  }

  exhausted(): boolean {
    return this.skip()
  }

  peekChar(): string {
    if (this.skip()) this.fail('unexpected end of file')
    return this.text[this.pos]!
  }

  /** Consumes `c` when it is next; true if it was. */
  peekIs(c: string): boolean {
    if (this.skip()) return false
    if (this.text[this.pos] !== c) return false
    this.pos++
    return true
  }

  readChar(): string {
    const c = this.peekChar()
    this.pos++
    return c
  }

  /** Consumes `c`; otherwise fails saying what was expected (`what` and `name` make the message, only then). */
  require(c: string, what?: string, name?: string): void {
    if (!this.skip() && this.text.charCodeAt(this.pos) === c.charCodeAt(0)) {
      this.pos++
      return
    }
    const context = what === undefined ? '' : ` ${name === undefined ? what : what.replace('%s', name)}`
    const at = this.location()
    if (this.skip()) this.fail(`expected '${c}'${context} but reached the end of the file`, at)
    this.fail(`expected '${c}'${context} but found ${this.describeNext()}`)
  }

  describeNext(): string {
    if (this.skip()) return 'the end of the file'
    const c = this.text.charCodeAt(this.pos)
    if (isWordChar(c)) {
      let end = this.pos
      while (end < this.text.length && isWordChar(this.text.charCodeAt(end))) end++
      return `'${this.text.slice(this.pos, Math.min(end, this.pos + 40))}'`
    }
    return `'${this.text[this.pos]}'`
  }

  /** A word: letters, digits, `_`, `-`, `.`, `+` (names, numbers, keywords). */
  readWord(what = 'a word'): string {
    if (this.skip()) this.fail(`expected ${what} but reached the end of the file`)
    const start = this.pos
    const text = this.text
    while (this.pos < text.length && isWordChar(text.charCodeAt(this.pos))) this.pos++
    if (this.pos === start) this.fail(`expected ${what} but found ${this.describeNext()}`)
    return text.slice(start, this.pos)
  }

  /** A (possibly dotted) identifier. */
  readName(what = 'a name'): string {
    const at = this.location()
    const word = this.readWord(what)
    if (!isName(word, true)) this.fail(`expected ${what} but found '${word}'`, at)
    return word
  }

  /** A type name, or `map<K, V>` written as Wire writes it. */
  readDataType(first?: string): string {
    const at = this.location()
    const name = first ?? this.readName('a type')
    if (name === 'map' && this.peekChar() === '<') {
      this.pos++
      const key = this.readDataType()
      this.require(',', 'between the key and value types of a map')
      const value = this.readDataType()
      this.require('>', 'after the value type of a map')
      return `map<${key}, ${value}>`
    }
    if (!isName(name, true)) this.fail(`expected a type but found '${name}'`, at)
    return name
  }

  readInt(what = 'a number'): number {
    const at = this.location()
    const word = this.readWord(what)
    const value = parseIntLiteral(word)
    if (value === null) this.fail(`expected ${what} but found '${word}'`, at)
    return value
  }

  /** One or more adjacent quoted strings, escapes decoded, concatenated. */
  readString(what = 'a quoted string'): string {
    const first = this.peekChar()
    if (first !== '"' && first !== "'") this.fail(`expected ${what} but found ${this.describeNext()}`)
    let out = ''
    while (!this.skip() && (this.text[this.pos] === '"' || this.text[this.pos] === "'")) out += this.readQuoted()
    return out
  }

  private readQuoted(): string {
    const text = this.text
    const start = this.location()
    const quote = text[this.pos]
    this.pos++
    let out = ''
    while (true) {
      if (this.pos >= text.length) this.fail('unterminated string', start)
      const c = text[this.pos]!
      if (c === quote) {
        this.pos++
        return out
      }
      if (c === '\n') this.fail('unterminated string (a string cannot span lines)', start)
      if (c !== '\\') {
        out += c
        this.pos++
        continue
      }
      this.pos++
      const e = text[this.pos]
      this.pos++
      switch (e) {
        case 'a':
          out += '\x07'
          break
        case 'b':
          out += '\b'
          break
        case 'f':
          out += '\f'
          break
        case 'n':
          out += '\n'
          break
        case 'r':
          out += '\r'
          break
        case 't':
          out += '\t'
          break
        case 'v':
          out += '\v'
          break
        case 'x':
        case 'X': {
          const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(this.pos, this.pos + 2))
          if (!m) this.fail('expected hex digits after \\x')
          out += String.fromCharCode(parseInt(m[0], 16))
          this.pos += m[0].length
          break
        }
        case 'u':
        case 'U': {
          const len = e === 'u' ? 4 : 8
          const hex = text.slice(this.pos, this.pos + len)
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail(`expected ${len} hex digits after \\${e}`)
          const code = parseInt(hex, 16)
          if (code > 0x10ffff) this.fail(`invalid code point \\${e}${hex}`)
          out += String.fromCodePoint(code)
          this.pos += len
          break
        }
        default:
          if (e !== undefined && e >= '0' && e <= '7') {
            const m = /^[0-7]{1,3}/.exec(text.slice(this.pos - 1, this.pos + 2))!
            out += String.fromCharCode(parseInt(m[0], 8) & 0xff)
            this.pos += m[0].length - 1
          } else if (e === undefined) {
            this.fail('unterminated string', start)
          } else {
            out += e
          }
      }
    }
  }
}

/** Decimal, hex (`0x`) and octal (`0…`) integers, optionally signed; null when not one. */
export function parseIntLiteral(word: string): number | null {
  if (/^[1-9][0-9]{0,14}$/.test(word)) return Number(word)
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(word)
  if (!m) return null
  const digits = m[2]!
  const magnitude = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits[0] === '0' ? parseInt(digits, 8) : Number(digits)
  const value = m[1] === '-' ? -magnitude : magnitude
  return Number.isSafeInteger(value) ? value : null
}

class Parser {
  private readonly reader: Reader
  private syntax: ProtoSyntax = null
  private packageName: string | null = null
  private declarationCount = 0
  private depth = 0
  private readonly file: ProtoFileElement

  constructor(text: string) {
    this.reader = new Reader(text)
    this.file = {
      syntax: null,
      packageName: null,
      imports: [],
      publicImports: [],
      weakImports: [],
      types: [],
      services: [],
      extendDeclarations: [],
      options: [],
      importLocations: new Map(),
    }
  }

  parse(): ProtoFileElement {
    const r: Reader = this.reader
    while (!r.exhausted()) {
      const declared = this.readDeclaration('file')
      if (declared === null) continue
      switch (declared.tag) {
        case 'type':
          this.file.types.push(declared.value)
          break
        case 'service':
          this.file.services.push(declared.value)
          break
        case 'option':
          this.file.options.push(declared.value)
          break
        case 'extend':
          this.file.extendDeclarations.push(declared.value)
          break
        default:
          r.fail(`${declared.tag} is not allowed at the top level of a file`, declared.location)
      }
    }
    this.file.syntax = this.syntax
    this.file.packageName = this.packageName
    return this.file
  }

  private get proto3(): boolean {
    return this.syntax?.kind === 'syntax' && this.syntax.value === 'proto3'
  }

  private get editions(): boolean {
    return this.syntax?.kind === 'edition'
  }

  private enter(at: ProtoLocation): void {
    if (++this.depth > MAX_NESTING_DEPTH) this.reader.fail(`nested more than ${MAX_NESTING_DEPTH} levels deep`, at)
  }

  private readDeclaration(context: Context): Declared | null {
    const r: Reader = this.reader
    const index = this.declarationCount++
    if (r.peekIs(';')) return null
    const location = r.location()
    const label = r.readWord('a declaration')
    switch (label) {
      case 'package': {
        if (context !== 'file') r.fail(`'package' is only allowed at the top level of a file`, location)
        if (this.packageName !== null) r.fail('too many package names (a file declares one package)', location)
        this.packageName = r.readName('a package name')
        if (this.packageName.startsWith('.')) r.fail(`a package name cannot start with '.'`, location)
        r.require(';', 'after the package name')
        return null
      }
      case 'import': {
        if (context !== 'file') r.fail(`'import' is only allowed at the top level of a file`, location)
        let kind: 'plain' | 'public' | 'weak' = 'plain'
        if (r.peekChar() !== '"' && r.peekChar() !== "'") {
          const word = r.readWord()
          if (word !== 'public' && word !== 'weak') r.fail(`expected 'public', 'weak' or a quoted path after 'import' but found '${word}'`, location)
          kind = word
        }
        const pathAt = r.location()
        const path = r.readString('the quoted path of the imported file')
        r.require(';', 'after the import')
        if (kind === 'public') this.file.publicImports.push(path)
        else if (kind === 'weak') this.file.weakImports.push(path)
        else this.file.imports.push(path)
        if (!this.file.importLocations.has(path)) this.file.importLocations.set(path, pathAt)
        return null
      }
      case 'syntax':
      case 'edition': {
        if (context !== 'file') r.fail(`'${label}' is only allowed at the top level of a file`, location)
        r.require('=', `after '${label}'`)
        if (index !== 0) r.fail(`'${label}' must be the first declaration in a file`, location)
        const at = r.location()
        const value = r.readString(`the quoted ${label}`)
        if (label === 'syntax') {
          if (value !== 'proto2' && value !== 'proto3') r.fail(`unknown syntax "${value}" (expected "proto2" or "proto3")`, at)
          this.syntax = { kind: 'syntax', value }
        } else {
          if (value !== '2023' && value !== '2024') r.fail(`unsupported edition "${value}" (expected "2023" or "2024")`, at)
          this.syntax = { kind: 'edition', value }
        }
        r.require(';', `after the ${label}`)
        return null
      }
      case 'option': {
        const option = new OptionReader(r, this).readOption('=')
        option.location = location
        r.require(';', 'after the option')
        return { tag: 'option', value: option, location }
      }
      case 'reserved':
        if (context !== 'message' && context !== 'enum') r.fail(`'reserved' is only allowed in a message or an enum`, location)
        return { tag: 'reserved', value: this.readReserved(location, context === 'enum'), location }
      case 'message':
        if (context !== 'file' && context !== 'message') r.fail(`a message is not allowed in ${contextName(context)}`, location)
        return { tag: 'type', value: this.readMessage(location), location }
      case 'enum':
        if (context !== 'file' && context !== 'message') r.fail(`an enum is not allowed in ${contextName(context)}`, location)
        return { tag: 'type', value: this.readEnum(location), location }
      case 'service':
        if (context !== 'file') r.fail(`a service is only allowed at the top level of a file`, location)
        return { tag: 'service', value: this.readService(location), location }
      case 'extend':
        if (context !== 'file' && context !== 'message') r.fail(`'extend' is not allowed in ${contextName(context)}`, location)
        return { tag: 'extend', value: this.readExtend(location), location }
      case 'rpc':
        if (context !== 'service') r.fail(`'rpc' is only allowed in a service`, location)
        return { tag: 'rpc', value: this.readRpc(location), location }
      case 'oneof':
        if (context !== 'message') r.fail(`'oneof' must be nested in a message`, location)
        return { tag: 'oneof', value: this.readOneOf(location), location }
      case 'extensions':
        if (context !== 'message') r.fail(`'extensions' must be nested in a message`, location)
        return { tag: 'extensions', value: this.readExtensions(location), location }
      default:
        if (context === 'message' || context === 'extend') return this.readField(location, label)
        if (context === 'enum') return { tag: 'constant', value: this.readEnumConstant(location, label), location }
        r.fail(`unexpected '${label}' (expected a declaration such as message, enum, service, option or import)`, location)
    }
  }

  private readMessage(location: ProtoLocation): MessageElement {
    const r: Reader = this.reader
    this.enter(location)
    const name = this.readSimpleName('a message name')
    const message: MessageElement = {
      kind: 'message',
      name,
      nestedTypes: [],
      options: [],
      reserveds: [],
      fields: [],
      oneOfs: [],
      extensions: [],
      groups: [],
      extendDeclarations: [],
      location,
    }
    r.require('{', 'after the message name')
    while (!r.peekIs('}')) {
      if (r.exhausted()) r.fail(`message '${name}' is not closed: expected '}'`, location)
      const declared = this.readDeclaration('message')
      if (declared === null) continue
      switch (declared.tag) {
        case 'field':
          message.fields.push(declared.value)
          break
        case 'group':
          message.groups.push(declared.value)
          break
        case 'oneof':
          message.oneOfs.push(declared.value)
          break
        case 'type':
          message.nestedTypes.push(declared.value)
          break
        case 'extensions':
          message.extensions.push(declared.value)
          break
        case 'option':
          message.options.push(declared.value)
          break
        case 'extend':
          message.extendDeclarations.push(declared.value)
          break
        case 'reserved':
          message.reserveds.push(declared.value)
          break
        default:
          r.fail(`${declared.tag} is not allowed in a message`, declared.location)
      }
    }
    this.depth--
    return message
  }

  private readExtend(location: ProtoLocation): ExtendElement {
    const r: Reader = this.reader
    const name = r.readName('the extended message name')
    const fields: FieldElement[] = []
    r.require('{', 'after the extended message name')
    while (!r.peekIs('}')) {
      if (r.exhausted()) r.fail(`'extend ${name}' is not closed: expected '}'`, location)
      const declared = this.readDeclaration('extend')
      if (declared === null) continue
      if (declared.tag !== 'field') r.fail(`only fields are allowed in 'extend'`, declared.location)
      fields.push(declared.value)
    }
    return { name, fields, location }
  }

  private readService(location: ProtoLocation): ServiceElement {
    const r: Reader = this.reader
    const name = this.readSimpleName('a service name')
    const service: ServiceElement = { name, rpcs: [], options: [], location }
    r.require('{', 'after the service name')
    while (!r.peekIs('}')) {
      if (r.exhausted()) r.fail(`service '${name}' is not closed: expected '}'`, location)
      const declared = this.readDeclaration('service')
      if (declared === null) continue
      if (declared.tag === 'rpc') service.rpcs.push(declared.value)
      else if (declared.tag === 'option') service.options.push(declared.value)
      else r.fail(`${declared.tag} is not allowed in a service`, declared.location)
    }
    return service
  }

  private readEnum(location: ProtoLocation): EnumElement {
    const r: Reader = this.reader
    const name = this.readSimpleName('an enum name')
    const element: EnumElement = { kind: 'enum', name, options: [], constants: [], reserveds: [], location }
    r.require('{', 'after the enum name')
    while (!r.peekIs('}')) {
      if (r.exhausted()) r.fail(`enum '${name}' is not closed: expected '}'`, location)
      const declared = this.readDeclaration('enum')
      if (declared === null) continue
      if (declared.tag === 'constant') element.constants.push(declared.value)
      else if (declared.tag === 'option') element.options.push(declared.value)
      else if (declared.tag === 'reserved') element.reserveds.push(declared.value)
      else r.fail(`${declared.tag} is not allowed in an enum`, declared.location)
    }
    return element
  }

  private readEnumConstant(location: ProtoLocation, name: string): EnumConstantElement {
    const r: Reader = this.reader
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) r.fail(`expected an enum value name but found '${name}'`, location)
    r.require('=', "after the enum value name '%s'", name)
    const tag = r.readInt('the enum value number')
    const options = r.peekChar() === '[' ? new OptionReader(r, this).readOptions() : []
    r.require(';', 'after the enum value')
    return { name, tag, options, location }
  }

  private readField(location: ProtoLocation, word: string): Declared {
    const r: Reader = this.reader
    let label: FieldLabel
    let type: string
    if (word === 'required' || word === 'optional' || word === 'repeated') {
      if (word === 'required' && this.proto3) r.fail(`'required' label forbidden in proto3 field declarations`, location)
      if (word !== 'repeated' && this.editions) r.fail(`'${word}' label is not allowed in editions (use features.field_presence)`, location)
      label = word
      type = r.readDataType()
    } else {
      const isMap = word === 'map' && r.peekChar() === '<'
      if (!this.proto3 && !this.editions && !isMap) {
        r.fail(`unexpected label: '${word}' (proto2 fields need 'required', 'optional' or 'repeated')`, location)
      }
      label = null
      type = r.readDataType(word)
    }
    if (type.startsWith('map<') && label !== null) r.fail(`'map' type cannot have label`, location)
    if (type === 'group') {
      if (this.proto3 || this.editions) r.fail(`groups are not supported in ${this.proto3 ? 'proto3' : 'editions'}`, location)
      return { tag: 'group', value: this.readGroup(location, label), location }
    }
    return { tag: 'field', value: this.readFieldRest(location, label, type), location }
  }

  private readFieldRest(location: ProtoLocation, label: FieldLabel, type: string, typeLocation?: ProtoLocation): FieldElement {
    const r: Reader = this.reader
    const name = this.readSimpleName('a field name')
    r.require('=', "after the field name '%s'", name)
    const tag = r.readInt('the field number')
    const options = r.peekChar() === '[' ? new OptionReader(r, this).readOptions() : []
    let defaultValue: string | null = null
    let jsonName: string | null = null
    const kept: OptionElement[] = []
    for (const option of options) {
      if (!option.parenthesized && option.name === 'default') defaultValue = optionText(option.value)
      else if (!option.parenthesized && option.name === 'json_name') jsonName = optionText(option.value)
      else kept.push(option)
    }
    r.require(';', "after the field '%s'", name)
    return { label, type, name, tag, defaultValue, jsonName, options: kept, location, typeLocation: typeLocation ?? location }
  }

  private readOneOf(location: ProtoLocation): OneOfElement {
    const r: Reader = this.reader
    const name = this.readSimpleName('a oneof name')
    const oneOf: OneOfElement = { name, fields: [], groups: [], options: [], location }
    r.require('{', 'after the oneof name')
    while (!r.peekIs('}')) {
      if (r.exhausted()) r.fail(`oneof '${name}' is not closed: expected '}'`, location)
      if (r.peekIs(';')) continue
      const at = r.location()
      const word = r.readWord('a oneof field')
      if (word === 'option') {
        const option = new OptionReader(r, this).readOption('=')
        option.location = at
        r.require(';', 'after the option')
        oneOf.options.push(option)
      } else if (word === 'group') {
        if (this.proto3 || this.editions) r.fail(`groups are not supported in ${this.proto3 ? 'proto3' : 'editions'}`, at)
        oneOf.groups.push(this.readGroup(at, null))
      } else if (word === 'required' || word === 'optional' || word === 'repeated') {
        r.fail(`fields in oneofs must not have labels (found '${word}')`, at)
      } else {
        const type = r.readDataType(word)
        if (type.startsWith('map<')) r.fail(`map fields are not allowed in oneofs`, at)
        oneOf.fields.push(this.readFieldRest(at, null, type))
      }
    }
    return oneOf
  }

  private readGroup(location: ProtoLocation, label: FieldLabel): GroupElement {
    const r: Reader = this.reader
    this.enter(location)
    const name = this.readSimpleName('a group name')
    if (!/^[A-Z]/.test(name)) r.fail(`group names must start with a capital letter ('${name}')`, location)
    r.require('=', "after the group name '%s'", name)
    const tag = r.readInt('the group field number')
    r.require('{', `after the group number`)
    const fields: FieldElement[] = []
    while (!r.peekIs('}')) {
      if (r.exhausted()) r.fail(`group '${name}' is not closed: expected '}'`, location)
      if (r.peekIs(';')) continue
      const at = r.location()
      const word = r.readWord('a field')
      const declared = this.readField(at, word)
      if (declared.tag !== 'field') r.fail('expected a field declaration in the group', at)
      fields.push(declared.value)
    }
    this.depth--
    return { label, name, tag, fields, location }
  }

  private readReserved(location: ProtoLocation, inEnum: boolean): ReservedElement {
    const r: Reader = this.reader
    const values: RangeValue[] = []
    while (true) {
      const c = r.peekChar()
      if (c === '"' || c === "'") {
        values.push(r.readString())
      } else if (/[A-Za-z_]/.test(c) && this.editions) {
        // Editions write reserved names as identifiers.
        values.push(r.readName('a reserved name'))
      } else {
        const start = r.readInt('a reserved number or a quoted name')
        const next = r.peekChar()
        if (next === ',' || next === ';') {
          values.push(start)
        } else {
          const at = r.location()
          if (r.readWord() !== 'to') r.fail(`expected ',', ';' or 'to' in 'reserved'`, at)
          const endAt = r.location()
          const endWord = r.readWord('the end of the range')
          const end = endWord === 'max' ? (inEnum ? 2147483647 : MAX_TAG_VALUE) : parseIntLiteral(endWord)
          if (end === null) r.fail(`expected a number or 'max' but found '${endWord}'`, endAt)
          values.push({ start, end })
        }
      }
      const sep = r.readChar()
      if (sep === ';') break
      if (sep !== ',') r.fail(`expected ',' or ';' in 'reserved' but found '${sep}'`, r.location())
    }
    return { values, location }
  }

  private readExtensions(location: ProtoLocation): ExtensionsElement {
    const r: Reader = this.reader
    const values: ExtensionsElement['values'] = []
    while (true) {
      const start = r.readInt('an extension number')
      const next = r.peekChar()
      if (next === ',' || next === ';' || next === '[') {
        values.push(start)
      } else {
        const at = r.location()
        if (r.readWord() !== 'to') r.fail(`expected ',', ';' or 'to' in 'extensions'`, at)
        const endAt = r.location()
        const endWord = r.readWord('the end of the range')
        const end = endWord === 'max' ? MAX_TAG_VALUE : parseIntLiteral(endWord)
        if (end === null) r.fail(`expected a number or 'max' but found '${endWord}'`, endAt)
        values.push({ start, end })
      }
      // Extension range options (e.g. declarations) are read and not kept, as the registry does.
      if (r.peekChar() === '[') new OptionReader(r, this).readOptions()
      const sep = r.readChar()
      if (sep === ';') break
      if (sep !== ',') r.fail(`expected ',' or ';' in 'extensions' but found '${sep}'`, r.location())
    }
    return { values, location }
  }

  private readRpc(location: ProtoLocation): RpcElement {
    const r: Reader = this.reader
    const name = this.readSimpleName('an rpc name')
    r.require('(', "after the rpc name '%s'", name)
    let requestType = r.readName('the request type')
    let requestStreaming = false
    if (requestType === 'stream' && r.peekChar() !== ')') {
      requestStreaming = true
      requestType = r.readName('the request type')
    }
    r.require(')', 'after the request type')
    const at = r.location()
    if (r.readWord() !== 'returns') r.fail(`expected 'returns' after the request type`, at)
    r.require('(', `after 'returns'`)
    let responseType = r.readName('the response type')
    let responseStreaming = false
    if (responseType === 'stream' && r.peekChar() !== ')') {
      responseStreaming = true
      responseType = r.readName('the response type')
    }
    r.require(')', 'after the response type')
    const options: OptionElement[] = []
    if (r.peekIs('{')) {
      while (!r.peekIs('}')) {
        if (r.exhausted()) r.fail(`rpc '${name}' is not closed: expected '}'`, location)
        const declared = this.readDeclaration('rpc')
        if (declared === null) continue
        if (declared.tag !== 'option') r.fail(`only options are allowed in an rpc body`, declared.location)
        options.push(declared.value)
      }
      r.peekIs(';')
    } else {
      r.require(';', 'after the rpc')
    }
    return { name, requestType, responseType, requestStreaming, responseStreaming, options, location }
  }

  private readSimpleName(what: string): string {
    const r: Reader = this.reader
    const at = r.location()
    const name = r.readWord(what)
    if (!isName(name, false)) r.fail(`expected ${what} but found '${name}'`, at)
    return name
  }

  /** Option aggregates nest; count them against the same limit. */
  enterValue(at: ProtoLocation): void {
    this.enter(at)
  }

  leaveValue(): void {
    this.depth--
  }
}

type Declared =
  | { tag: 'type'; value: TypeElement; location: ProtoLocation }
  | { tag: 'service'; value: ServiceElement; location: ProtoLocation }
  | { tag: 'option'; value: OptionElement; location: ProtoLocation }
  | { tag: 'extend'; value: ExtendElement; location: ProtoLocation }
  | { tag: 'reserved'; value: ReservedElement; location: ProtoLocation }
  | { tag: 'rpc'; value: RpcElement; location: ProtoLocation }
  | { tag: 'oneof'; value: OneOfElement; location: ProtoLocation }
  | { tag: 'extensions'; value: ExtensionsElement; location: ProtoLocation }
  | { tag: 'field'; value: FieldElement; location: ProtoLocation }
  | { tag: 'group'; value: GroupElement; location: ProtoLocation }
  | { tag: 'constant'; value: EnumConstantElement; location: ProtoLocation }

function contextName(context: Context): string {
  return context === 'file' ? 'a file' : context === 'extend' ? `'extend'` : `an ${context === 'enum' ? 'enum' : context}`
}

/** The text of a scalar option value (what Wire keeps for `default` and `json_name`). */
function optionText(value: OptionValue): string {
  switch (value.kind) {
    case 'map':
    case 'list':
    case 'option':
      return ''
    default:
      return value.value
  }
}

/** Reads options: `name = value`, `(ext).sub = value`, `[a = 1, b = 2]`, aggregates `{ k: v }`. */
class OptionReader {
  constructor(
    private readonly r: Reader,
    private readonly parser: Parser,
  ) {}

  /** `[a = 1, b = "x"]` after a field or enum value; empty when there is no `[`. */
  readOptions(): OptionElement[] {
    const r: Reader = this.r
    if (!r.peekIs('[')) return []
    const result: OptionElement[] = []
    while (true) {
      const at = r.location()
      const option = this.readOption('=')
      option.location = at
      result.push(option)
      if (r.peekIs(']')) break
      r.require(',', 'between options')
    }
    return result
  }

  readOption(separator: '=' | ':'): OptionElement {
    const r: Reader = this.r
    const first = r.peekChar()
    const isExtension = first === '['
    const parenthesized = first === '('
    let name: string
    if (isExtension || parenthesized) {
      r.pos++
      name = r.readName('an option name')
      r.require(isExtension ? ']' : ')', 'after the option name')
      if (isExtension) name = `[${name}]`
    } else {
      name = r.readName('an option name')
    }
    // Like Wire: `a.b = v` keeps the dotted name whole; `(ext).sub.field = v` nests one level named `sub.field`.
    let subName: string | null = null
    let c = r.readChar()
    if (c === '.') {
      subName = r.readName('an option field name')
      c = r.readChar()
    }
    if (separator === ':' && c === '{') {
      r.pos--
    } else if (c !== separator) {
      r.pos--
      r.fail(`expected '${separator}' after the option name '${name}' but found ${r.describeNext()}`)
    }
    let value = this.readValue()
    if (subName !== null) value = { kind: 'option', value: { name: subName, parenthesized: false, value } }
    return { name, parenthesized, value }
  }

  private readValue(): OptionValue {
    const r: Reader = this.r
    const c = r.peekChar()
    if (c === '{') return { kind: 'map', value: this.readMap() }
    if (c === '[') return { kind: 'list', value: this.readList() }
    if (c === '"' || c === "'") return { kind: 'string', value: r.readString() }
    if ((c >= '0' && c <= '9') || c === '-') return { kind: 'number', value: r.readWord('a number') }
    const word = r.readWord('an option value')
    if (word === 'true' || word === 'false') return { kind: 'boolean', value: word }
    return { kind: 'enum', value: word }
  }

  private readMap(): OptionMap {
    const r: Reader = this.r
    const at = r.location()
    r.require('{')
    this.parser.enterValue(at)
    const result: OptionMap = new Map()
    while (!r.peekIs('}')) {
      const option = this.readOption(':')
      const value = option.value
      if (value.kind === 'option') {
        let nested = result.get(option.name)
        if (nested === undefined || nested.kind !== 'map') {
          nested = { kind: 'map', value: new Map() }
          result.set(option.name, nested)
        }
        nested.value.set(value.value.name, value.value.value)
      } else {
        const previous = result.get(option.name)
        if (previous === undefined) result.set(option.name, value)
        else if (previous.kind === 'list') previous.value.push(...(value.kind === 'list' ? value.value : [value]))
        else result.set(option.name, { kind: 'list', value: [previous, ...(value.kind === 'list' ? value.value : [value])] })
      }
      if (!r.peekIs(',')) r.peekIs(';')
    }
    this.parser.leaveValue()
    return result
  }

  private readList(): OptionValue[] {
    const r: Reader = this.r
    const at = r.location()
    r.require('[')
    this.parser.enterValue(at)
    const result: OptionValue[] = []
    while (!r.peekIs(']')) {
      result.push(this.readValue())
      if (r.peekIs(',')) continue
      if (r.peekChar() !== ']') r.fail(`expected ',' or ']' in a list but found ${r.describeNext()}`)
    }
    this.parser.leaveValue()
    return result
  }
}

/** Parse `.proto` text into the registry's element tree; a syntax error comes back with its line:column. */
export function parseProtoText(text: string): ProtoParseResult {
  try {
    return { ok: true, file: new Parser(text).parse() }
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: { message: e.message, line: e.line, column: e.column } }
    if (e instanceof RangeError) return { ok: false, error: { message: 'the schema is nested too deeply to read', line: 1, column: 1 } }
    throw e
  }
}
