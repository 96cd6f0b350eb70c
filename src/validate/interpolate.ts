// Compose variable interpolation, enough for the policy rules: `${VAR}`, `${VAR:-default}`,
// `${VAR-default}`, `${VAR:?err}`, `$VAR` and `$$` for a literal `$`. Unset variables without a
// default become empty, as in Compose (which also warns).
const pattern =
  /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(pattern, (match, braced, operator, argument, bare) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const value = env[name];
    const unsetOrEmpty = value === undefined || value === '';
    switch (operator as string | undefined) {
      case ':-':
        return unsetOrEmpty ? interpolate(argument as string, env) : value;
      case '-':
        return value === undefined ? interpolate(argument as string, env) : value;
      case ':+':
        return unsetOrEmpty ? '' : interpolate(argument as string, env);
      case '+':
        return value === undefined ? '' : interpolate(argument as string, env);
      default:
        return value ?? '';
    }
  });
}

// Every literal a value can take: the value itself plus each default inside it, so a rule can
// catch `localhost` hidden in `${OTEL_ENDPOINT:-http://localhost:4318}`.
export function interpolatedDefaults(text: string): string {
  return interpolate(text, {});
}
