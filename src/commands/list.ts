import { Flags } from '@oclif/core'
import { listSubjects, streamSubjects, type SubjectCount, type SubjectDetail, type SubjectList } from '../app/registry/read.js'
import { contextFlag, registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { progressLine, progressWanted } from '../cli/progress-line.js'
import { writeOut } from '../cli/write-out.js'
import { renderNoSubjects, renderSubjectRows, renderSubjectTableHeading, subjectTableWidths } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** Rows of `--long` that set the table's column widths; a registry with at most this many subjects gets a table exactly fitted. */
const MEASURED_ROWS = 1000

/** `schemactl list`: the registry's subjects, printed as they arrive (an envelope holds them all). */
export default class List extends RegistryCommand<SubjectList | SubjectCount> {
  static override summary = 'List the subjects of a registry.'
  static override examples = [
    '<%= config.bin %> list',
    '<%= config.bin %> list --long',
    '<%= config.bin %> list --prefix orders- --json',
    '<%= config.bin %> list --context .staging',
  ]
  static override flags = {
    ...registryFlags,
    prefix: Flags.string({ description: 'Only subjects whose name starts with this.' }),
    deleted: Flags.boolean({ description: 'Include soft-deleted subjects.' }),
    long: Flags.boolean({ char: 'l', description: "A table: each subject's type, latest version and id, effective level and mode." }),
    context: contextFlag,
    output: outputFlag,
  }

  async run(): Promise<SubjectList | SubjectCount> {
    const { flags } = await this.parse(List)
    const options = { prefix: flags.prefix, deleted: flags.deleted, context: flags.context, long: flags.long }
    if (this.jsonEnabled()) return listSubjects(this.registryContext(flags), options)
    const style = await loadStyle(this.colorEnabled)
    const progress = progressLine(progressWanted(false))
    const print = async (text: string) => {
      progress.clear()
      await writeOut(text + '\n')
    }
    let listed = 0
    // --long: rows wait until the first MEASURED_ROWS set the widths, then go out in batches.
    let widths: number[] | undefined
    let rows: SubjectDetail[] = []
    const flushRows = async () => {
      if (rows.length === 0) return
      const heading = widths === undefined ? renderSubjectTableHeading((widths = subjectTableWidths(rows)), style) + '\n' : ''
      await print(heading + renderSubjectRows(rows, widths))
      rows = []
    }
    let flushedAt = Date.now()
    const result = await streamSubjects(this.registryContext(flags), options, {
      names: async (names) => {
        await print(names.join('\n'))
        progress.update(`${(listed += names.length).toLocaleString('en')} subjects listed…`)
      },
      detail: async (detail) => {
        rows.push(detail)
        progress.update(`${(++listed).toLocaleString('en')} subjects read…`)
        if (widths === undefined ? rows.length >= MEASURED_ROWS : Date.now() - flushedAt >= 100) {
          await flushRows()
          flushedAt = Date.now()
        }
      },
    }).finally(() => progress.clear())
    await flushRows()
    if (result.count === 0) this.log(renderNoSubjects(result.registry, style))
    return result
  }
}
