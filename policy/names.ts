/** The customer managed policy names a group's assume-role policies get: `<group>-assume-roles`, then `-2`, `-3`... */
export function assumePolicyName(groupName: string, index: number): string {
  return index === 0 ? `${groupName}-assume-roles` : `${groupName}-assume-roles-${index + 1}`;
}
