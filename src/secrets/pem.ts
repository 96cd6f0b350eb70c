// PEM blocks of a file, by label. Nothing here decodes or judges them.
export interface PemBlock {
  label: string;
  text: string;
}

const blockPattern = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;

export function splitPem(content: string): PemBlock[] {
  return [...content.matchAll(blockPattern)].map((match) => ({
    label: match[1]!,
    text: `${match[0]}\n`,
  }));
}

export function certificates(content: string): string[] {
  return splitPem(content)
    .filter((block) => block.label === 'CERTIFICATE')
    .map((block) => block.text);
}

export function privateKeys(content: string): string[] {
  return splitPem(content)
    .filter((block) => /(^| )PRIVATE KEY$/.test(block.label))
    .map((block) => block.text);
}
