/**
 * `classes.citizen.route[0].station=desk` → `classes.citizen.route.0.station=desk`. Messages
 * and `uncertain:` paths name a list item `route[0]`; an override takes that notation as well as
 * a dotted index (`route.0`), which is the one the override itself walks. Only the path, before
 * the first `=`, is rewritten: the value is the user's YAML.
 */
export function dottedAssignment(assignment: string): string {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return assignment;
  return dottedPath(assignment.slice(0, eq)) + assignment.slice(eq);
}

/** A path in the dotted notation overrides walk: `route[0].mean` → `route.0.mean`. */
export function dottedPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}
