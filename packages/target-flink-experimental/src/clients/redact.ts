// Flink statements and Flink's error messages can carry connector options
// such as 'properties.sasl.jaas.config' = '... password="..."'. Anything
// Floe logs or puts into an error goes through `redactSql` first.

const SENSITIVE_KEY = /password|secret|jaas\.config|token|apikey|api-key|credential|private[._-]?key|auth-params|basic-auth|service-key|account\.key/i;

/** Replaces the values of sensitive `'key' = 'value'` options (SQL WITH clauses, SET statements, Flink's option dumps). */
export function redactSql(text: string): string {
  return text.replace(/'((?:[^']|'')*)'(\s*=\s*)'((?:[^']|'')*)'/g, (whole, key: string, eq: string) =>
    SENSITIVE_KEY.test(key) ? `'${key}'${eq}'******'` : whole,
  );
}
