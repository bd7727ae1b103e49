/**
 * `classes.citizen.route[0].station=desk` → `classes.citizen.route.0.station=desk`. Messages
 * and `uncertain:` paths name a list item `route[0]`; an override takes that notation as well as
 * a dotted index (`route.0`), which is the one the override itself walks. Only the path, before
 * the first `=`, is rewritten: the value is the user's YAML.
 */
export function dottedAssignment(assignment: string): string {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return assignment;
  return assignment.slice(0, eq).replace(/\[(\d+)\]/g, '.$1') + assignment.slice(eq);
}
