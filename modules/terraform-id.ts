import { createHash } from 'node:crypto';

/**
 * A Terraform resource name built only from IAM names, so that a resource's address never depends
 * on how constructs are nested: moving code around cannot replace a live role.
 * Characters Terraform refuses in a name are replaced by `_`; when that happens a short hash of the
 * original keeps two IAM names that differ only there (`a.b`, `a_b`) apart.
 */
export function terraformId(...parts: string[]): string {
  const raw = parts.join('_');
  const safe = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  const id = /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
  if (id === raw) return id;
  return `${id}_${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`;
}
