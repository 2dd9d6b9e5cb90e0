import { SynthesizedRole } from '../artifact';
import { statementsOf } from '../access';

const ADMIN_POLICIES = ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/IAMFullAccess'];
const POWER_POLICIES = [...ADMIN_POLICIES, 'arn:aws:iam::aws:policy/PowerUserAccess'];
const IAM_WRITE = /^iam:(\*|Create\*?|Put\*?|Attach\*?|Update\*?|Pass\*?|CreateRole|CreatePolicy|CreateUser|AttachRolePolicy|PutRolePolicy|AttachUserPolicy|PutUserPolicy|CreateAccessKey|UpdateAssumeRolePolicy|PassRole)$/;

const inlineActions = (role: SynthesizedRole) =>
  role.inlinePolicies.flatMap((p) => statementsOf(p.document).filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action]).map(String)));

/** Administrator-like: AdministratorAccess, IAMFullAccess, or an inline `*` action. */
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
