import { Document, isPair, isScalar, isSeq, visit } from 'yaml';
import type { ComposeFile } from '../model/compose-types.ts';
import { canonicalize } from './canonical-order.ts';

// Sequences read as one command line are written inline: `test: [CMD, pg_isready, ...]`.
const inlineKeys = new Set(['test', 'command', 'entrypoint', 'profiles', 'cap_drop']);

// Serialises a bundle: canonical key order, no line folding, and YAML 1.1 quoting so that values
// like `no` or `on` stay strings for every Compose implementation's parser.
export function toComposeYaml(stack: ComposeFile, header: string[]): string {
  const document = new Document(canonicalize(stack), { version: '1.1' });
  visit(document, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && inlineKeys.has(String(pair.key.value))) {
        if (isSeq(pair.value)) pair.value.flow = true;
      }
    },
  });
  const body = document.toString({
    lineWidth: 0,
    indent: 2,
    indentSeq: true,
    flowCollectionPadding: false,
  });
  const comment = header.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return `${comment}\n${body}`;
}
