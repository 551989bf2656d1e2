import { describe, expect, it } from 'vitest'
import { prettyText, SCHEMA_TYPE_SUPPORT, supportOf, notSupportedLine } from '../../src/app/browse/schema-types.js'
import { highlightLines } from '../../src/ui/browse/highlight.js'
import { bindingFor, KEY_BINDINGS, type Action } from '../../src/ui/browse/keys.js'
import { layoutFor, scrollTo } from '../../src/ui/browse/layout.js'
import { fit, fitMiddle, helpLines, overlayLines, schemaLines, subjectRowText, versionRowText, wrapLine } from '../../src/ui/browse/view.js'

describe('schema text', () => {
  it('pretty-prints JSON keeping every digit and comment, and proto as written', () => {
    const text = prettyText('{"type":"record","name":"A","fields":[{"name":"n","type":"long","default":9007199254740993}] /* kept */}', 'json')
    expect(text).toContain('"default": 9007199254740993')
    expect(text).toContain('/* kept */')
    expect(text.split('\n')[1]).toBe('  "type": "record",')
    expect(prettyText('message A {\n\tstring id = 1;   \n}\n', 'proto')).toBe('message A {\n  string id = 1;\n}')
  })

  it('highlights JSON keys, type names, numbers and comments; tokens give the line back', () => {
    const lines = highlightLines('{\n  "type": "record",\n  "size": 16, // bytes\n  "doc": "a \\"quoted\\" word"\n}', 'json')
    expect(lines[1]).toEqual([
      { text: '  ', kind: 'plain' },
      { text: '"type"', kind: 'key' },
      { text: ':', kind: 'punct' },
      { text: ' ', kind: 'plain' },
      { text: '"record"', kind: 'type' },
      { text: ',', kind: 'punct' },
    ])
    expect(lines[2].find((t) => t.kind === 'number')?.text).toBe('16')
    expect(lines[2].at(-1)).toEqual({ text: '// bytes', kind: 'comment' })
    expect(lines[3].find((t) => t.kind === 'string')?.text).toBe('"a \\"quoted\\" word"')
    for (const [i, line] of ['{', '  "type": "record",'].entries()) expect(lines[i].map((t) => t.text).join('')).toBe(line)
  })

  it('highlights .proto keywords, scalar types, numbers, strings and comments across lines', () => {
    const lines = highlightLines('syntax = "proto3";\n/* a\n comment */ message Shipment {\n  int64 weight = 2; // grams\n}', 'proto')
    expect(lines[0].map((t) => t.kind)).toEqual(['keyword', 'plain', 'punct', 'plain', 'string', 'punct'])
    expect(lines[1]).toEqual([{ text: '/* a', kind: 'comment' }])
    expect(lines[2][0]).toEqual({ text: ' comment */', kind: 'comment' })
    expect(lines[2].find((t) => t.text === 'message')?.kind).toBe('keyword')
    expect(lines[3].find((t) => t.text === 'int64')?.kind).toBe('type')
    expect(lines[3].find((t) => t.text === '2')?.kind).toBe('number')
  })

  it("names each type's support in one table, with a clear line for what is not supported yet", () => {
    expect(Object.keys(SCHEMA_TYPE_SUPPORT).sort()).toEqual(['AVRO', 'JSON', 'PROTOBUF'])
    expect(supportOf('AVRO')).toEqual({ syntax: 'json', diff: true, check: true })
    expect(supportOf('PROTOBUF').syntax).toBe('proto')
    expect(supportOf('XML').diff).toBe(false)
    expect(notSupportedLine('diff', 'JSON')).toBe('Diff is not yet supported for JSON schemas (only AVRO).')
  })
})

describe('rows and layout', () => {
  it('fits a subject row: detail columns drop (mode first) before the name gets shorter than 20', () => {
    const summary = {
      state: 'ok' as const,
      value: {
        subject: 's',
        schemaType: 'PROTOBUF',
        latest: 12,
        level: 'FULL_TRANSITIVE' as const,
        levelSource: 'global' as const,
        mode: 'READWRITE' as const,
      },
    }
    const wide = subjectRowText('orders-value', summary, 44)
    expect(wide.name + wide.details).toHaveLength(44)
    expect(wide.details).toBe(' PROTO v12    FULL-T RW ')
    expect(wide.inherited).toBe(true)
    expect(subjectRowText('orders-value', summary, 40).details).toBe(' PROTO v12    FULL-T')
    expect(subjectRowText('orders-value', summary, 30).details).toBe(' PROTO')
    expect(subjectRowText('orders-value', undefined, 44).details.trim()).toBe('…')
    expect(fitMiddle('com.example.payments.refunds-value', 20)).toBe('com.exampl…nds-value')
  })

  it('marks versions: * marked, deleted flagged, id and date when the schema is loaded', () => {
    const schema = {
      state: 'ok' as const,
      value: {
        subject: 's',
        version: 3,
        schemaType: 'AVRO',
        schema: '"string"',
        id: 17,
        registeredAt: Date.UTC(2026, 11, 1, 14, 3),
        deleted: true,
        references: [],
      },
    }
    expect(versionRowText(3, true, true, schema, 50).trimEnd()).toBe('*v3    id 17     2026-12-01 14:03 deleted')
    expect(versionRowText(3, false, false, undefined, 20).trimEnd()).toBe(' v3')
  })

  it('writes no control character a registry or a file sent: names, schema text and overlays show � instead', () => {
    // A cursor move, a window title (OSC 0) and a clipboard write (OSC 52) hidden in data.
    const name = 'orders\u001b[2J\u001b]0;pwned\u0007-value'
    expect(subjectRowText(name, undefined, 60).name.trimEnd()).toBe('orders\ufffd[2J\ufffd]0;pwned\ufffd-value')
    expect(fit('a\u009bb\u007fc', 6)).toBe('a\ufffdb\ufffdc ')
    const proto = 'syntax = "proto3";\r\n// note \u001b]52;c;aGk=\u0007\r\nmessage A {\r\n\tstring id = 1;\r\n}\r\n'
    const lines = schemaLines({ subject: 's', version: 1, schemaType: 'PROTOBUF', schema: proto, references: [] } as never).map((tokens) =>
      tokens.map((t) => t.text).join(''),
    )
    expect(lines.slice(0, 4)).toEqual(['syntax = "proto3";', '// note \ufffd]52;c;aGk=\ufffd', 'message A {', '  string id = 1;'])
    expect(lines.join('')).not.toMatch(/[\u0000-\u001f]/)
    // Overlays keep the renderers' colours and lose anything else.
    expect(overlayLines({ kind: 'text', lines: ['\u001b[31m✗\u001b[39m bad\u001b[H name'] }, false, 80)).toEqual(['\u001b[31m✗\u001b[39m bad\ufffd[H name'])
  })

  it('wraps overlay lines at spaces, keeping colours across the cut', () => {
    expect(wrapLine('aaa bbb ccc ddd', 8, 2)).toEqual(['aaa bbb', '  ccc', '  ddd'])
    const red = wrapLine('\u001b[31mabcdefghijklmn\u001b[39m', 10, 2)
    expect(red).toEqual(['\u001b[31mabcdefghij\u001b[0m', '  \u001b[31mklmn\u001b[39m'])
  })

  it('lays out 80×24 with subjects over versions beside the schema, side by side from 120 columns, and a notice below 60×12', () => {
    const narrow = layoutFor(80, 24)
    expect(narrow.kind).toBe('narrow')
    expect(narrow.subjects.width + narrow.schema.width).toBe(80)
    expect(narrow.subjects.height + narrow.versions.height).toBe(22)
    const wide = layoutFor(160, 50)
    expect(wide.kind).toBe('wide')
    expect(wide.subjects.width + wide.versions.width + wide.schema.width).toBe(160)
    expect(layoutFor(50, 24).kind).toBe('tiny')
    expect(scrollTo(0, 30, 10, 100)).toBe(21)
    expect(scrollTo(21, 25, 10, 100)).toBe(21)
    expect(scrollTo(21, 5, 10, 100)).toBe(5)
  })
})

describe('keys', () => {
  it('binds every action, no key twice, and the help lists every key', () => {
    const actions: Action[] = [
      'up',
      'down',
      'pageUp',
      'pageDown',
      'top',
      'bottom',
      'prevPane',
      'nextPane',
      'open',
      'filter',
      'escape',
      'context',
      'mark',
      'diff',
      'refs',
      'check',
      'copy',
      'level',
      'mode',
      'delete',
      'reload',
      'help',
      'quit',
    ]
    expect(KEY_BINDINGS.map((b) => b.action).sort()).toEqual([...actions].sort())
    const spellings = KEY_BINDINGS.flatMap((b) => b.match)
    expect(new Set(spellings).size).toBe(spellings.length)
    const help = helpLines(false).join('\n')
    for (const binding of KEY_BINDINGS) expect(help).toContain(`  ${binding.keys.padEnd(12)} ${binding.help}`)
    expect(bindingFor({ input: 'j' })?.action).toBe('down')
    expect(bindingFor({ input: '', name: 'down' })?.action).toBe('down')
    expect(bindingFor({ input: 'd', ctrl: true })?.action).toBe('pageDown')
    expect(bindingFor({ input: '', name: 'tab', shift: true })?.action).toBe('prevPane')
    expect(bindingFor({ input: 'D' })?.write).toBe(true)
  })
})
