/**
 * What the lint rules count as privileged: administrator-like roles (AdministratorAccess,
 * IAMFullAccess, a `*` action), privileged ones (those and PowerUserAccess), and roles that can
 * change IAM.
 */
import { SynthesizedRole } from '../artifact';
import { statementsOf } from '../access';

const ADMIN_POLICIES = ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/IAMFullAccess'];
const POWER_POLICIES = [...ADMIN_POLICIES, 'arn:aws:iam::aws:policy/PowerUserAccess'];
const IAM_WRITE = /^iam:(\*|Create\*?|Put\*?|Attach\*?|Update\*?|Pass\*?|CreateRole|CreatePolicy|CreateUser|AttachRolePolicy|PutRolePolicy|AttachUserPolicy|PutUserPolicy|CreateAccessKey|UpdateAssumeRolePolicy|PassRole)$/;

/** Actions allowed by the role's inline policies and by the customer policies of its stack attached to it (not its boundary). */
const inlineActions = (role: SynthesizedRole) =>
  [...role.inlinePolicies.map((p) => p.document), ...role.managedPolicyArns.flatMap((a) => (role.customerPolicies?.[a] ? [role.customerPolicies[a]] : []))]
    .flatMap((doc) => statementsOf(doc).filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action]).map(String)));

/** Administrator-like: AdministratorAccess, IAMFullAccess, or a `*` action inline or in an attached customer policy. */
export function isAdminLike(role: SynthesizedRole): boolean {
  return role.managedPolicyArns.some((a) => ADMIN_POLICIES.includes(a)) || inlineActions(role).includes('*');
}

/** Privileged: administrator-like, or PowerUserAccess. */
export function isPrivileged(role: SynthesizedRole): boolean {
  return isAdminLike(role) || role.managedPolicyArns.some((a) => POWER_POLICIES.includes(a));
}

/** Can change IAM: administrator-like, or inline IAM write actions. */
export function canManageIam(role: SynthesizedRole): boolean {
  return isAdminLike(role) || inlineActions(role).some((a) => IAM_WRITE.test(a) || a === 'iam:*');
}
