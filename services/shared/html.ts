// Server-rendered pages: no framework, no scripts, every interpolated value escaped.
const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

const styles = `
  body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:48px 16px;color:#1d2330}
  main{max-width:360px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;
    box-shadow:0 1px 3px rgba(0,0,0,.15)}
  h1{font-size:1.3em;margin:0 0 16px}
  label{display:block;margin:12px 0 4px;font-size:.9em}
  input{width:100%;box-sizing:border-box;padding:8px;font-size:1em;border:1px solid #b8bfcc;
    border-radius:4px}
  button{margin-top:16px;width:100%;padding:10px;font-size:1em;border:0;border-radius:4px;
    background:#2457c5;color:#fff;cursor:pointer}
  button.secondary{background:#e4e7ee;color:#1d2330}
  .error{background:#fde8e8;color:#8a1c1c;padding:8px;border-radius:4px}
  ul{padding-left:20px} code{font-size:.9em}
`;

// `body` must already be escaped HTML; `title` is escaped here.
export function renderPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`;
}
