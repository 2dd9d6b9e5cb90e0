import { Construct, IConstruct } from 'constructs';
import { Aspects, IAspect, TerraformDataSource, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable } from 'cdktf';
import { legacyTerraformId, terraformId } from './terraform-id';
import { literalStrings } from './terraform-literal';

/** The name each resource had before `terraformId` became injective, where it differs. */
const legacyIds = new WeakMap<TerraformResource, string>();
const guardedStacks = new WeakSet<TerraformStack>();

/**
 * Gives a resource an address made of IAM names only (see `terraformId`). The stack it lives in is
 * checked at synth: no two elements may share an address, and a resource whose earlier address
 * differs gets a `moved` block from it.
 */
export function stableId<T extends TerraformResource>(resource: T, ...parts: string[]): T {
  const id = terraformId(...parts);
  resource.overrideLogicalId(id);
  // Nothing was escaped (the usual case): the earlier name was the same.
  if (id !== parts.join('_')) {
    const legacy = legacyTerraformId(...parts);
    if (legacy !== id) legacyIds.set(resource, legacy);
  }
  guardAddresses(TerraformStack.of(resource));
  return resource;
}

/**
 * `stableId` for a kind of resource that came after addresses became injective (OIDC providers,
 * SAML roles' policies): it never had an earlier address, so it gets no `moved` block.
 */
export function stableIdWithoutHistory<T extends TerraformResource>(resource: T, ...parts: string[]): T {
  resource.overrideLogicalId(terraformId(...parts));
  guardAddresses(TerraformStack.of(resource));
  return resource;
}

/** An output whose name is made of IAM names only, like `stableId`. */
export function stableOutput(output: TerraformOutput, ...parts: string[]): TerraformOutput {
  output.overrideLogicalId(terraformId(...parts));
  guardAddresses(TerraformStack.of(output));
  return output;
}

/**
 * An output keyed by real IAM names (`{ "Dev_Admins": ..., "ops.admin": ... }`), under a fixed
 * address: what a person reads by the name they wrote, whatever characters it holds.
 */
export function namedOutput(scope: Construct, id: string, value: Readonly<Record<string, unknown>>, description: string): TerraformOutput {
  const output = new TerraformOutput(scope, id, literalStrings({ value: Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]])), description }));
  output.overrideLogicalId(id);
  guardAddresses(TerraformStack.of(output));
  return output;
}

/**
 * Whether the per-name output of `name` (its escaped form between a prefix and a suffix, e.g.
 * `permission_set_Dev__002eOps_policy` for `Dev.Ops`) may still be written: not when another name of
 * the same kind is literally that escaped form (a permission set named `Dev__002eOps`), whose
 * reader would take the output for its own and get another name's value. Those names are read from
 * the outputs keyed by the real name.
 */
export function perNameOutputIsSafe(name: string, names: Iterable<string>): boolean {
  const escaped = terraformId(name);
  if (escaped === name) return true;
  for (const other of names) if (other === escaped) return false;
  return true;
}

/** Thrown when two Terraform elements of one stack would share an address. */
export class AddressCollisionError extends Error {}

/**
 * Adds the address check to a stack (once): at synth, two resources, outputs, variables or data
 * sources with one address fail the synth loudly instead of one silently overwriting the other; then
 * `moved` blocks carry resources from their earlier addresses to the current ones.
 */
export function guardAddresses(stack: TerraformStack): void {
  if (guardedStacks.has(stack)) return;
  guardedStacks.add(stack);
  Aspects.of(stack).add(new AddressGuard(stack));
}

class AddressGuard implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (node !== this.stack) return;
    const owners = new Map<string, string>();
    const resources: TerraformResource[] = [];
    const clashes: string[] = [];
    for (const element of this.stack.node.findAll()) {
      // The core library's own markers, not `instanceof`: provider bindings that load another copy
      // of it (CDK Terrain's libraries installed under cdktf's names, a nested install) still count.
      if (!TerraformElement.isTerraformElement(element)) continue;
      const address = addressOf(element);
      if (!address) continue;
      if (TerraformResource.isTerraformResource(element)) resources.push(element);
      const other = owners.get(address);
      if (other !== undefined) clashes.push(`${address}: ${other} and ${element.node.path}`);
      else owners.set(address, element.node.path);
    }
    if (clashes.length > 0) {
      throw new AddressCollisionError(
        `Stack ${this.stack.node.id}: ${clashes.length} Terraform address${clashes.length === 1 ? ' is' : 'es are'} used twice, so one resource would silently replace the other:\n  ${clashes.join('\n  ')}\nNothing was synthesized. This is a defect of the generator; please report it with the org file.`,
      );
    }
    // Earlier names met where they were not injective: a name two resources had, or one that is now
    // another resource's address, cannot say which resource it held, so it is not moved.
    const moves = resources.flatMap((r) => {
      const legacy = legacyIds.get(r);
      return legacy ? [{ resource: r, from: `${r.terraformResourceType}.${legacy}` }] : [];
    });
    const legacyCount = new Map<string, number>();
    for (const { from } of moves) legacyCount.set(from, (legacyCount.get(from) ?? 0) + 1);
    for (const { resource, from } of moves) {
      if (!resource.hasResourceMove() && legacyCount.get(from) === 1 && !owners.has(from)) resource.moveFromId(from);
    }
  }
}

/** `type.name` for resources and data sources, `output.name`, `var.name`; undefined for the rest (providers, backends). */
function addressOf(element: TerraformElement): string | undefined {
  const id = element.friendlyUniqueId;
  if (TerraformResource.isTerraformResource(element)) return `${element.terraformResourceType}.${id}`;
  if (TerraformOutput.isTerraformOutput(element)) return `output.${id}`;
  if (TerraformDataSource.isTerraformDataSource(element)) return `data.${element.terraformResourceType}.${id}`;
  if (element instanceof TerraformVariable) return `var.${id}`;
  if (element instanceof TerraformLocal) return `local.${id}`;
  return undefined;
}
