/**
 * Browsing a server's address space into causeway's model: every Object below the start node
 * becomes a piece of equipment (its parent the Object above it), every numeric Variable of an
 * Object a tag of that equipment, with the unit of its EngineeringUnits property.
 *
 * Names follow the browse path, so they are stable and readable: the equipment `Line1.Dryer1`
 * for the object Dryer1 inside Line1, the tag `Line1.Dryer1.InletTemp` for its variable.
 *
 * @see OPC UA Part 3, 5.5 (Objects), 5.6 (Variables); Part 8, 5.6.3 (EngineeringUnits)
 */
import {
  AttributeIds,
  BrowseDirection,
  NodeClass,
  NodeClassMask,
  browseAll,
  resolveNodeId,
  type ClientSession,
  type ReferenceDescription,
} from 'node-opcua-client';
import { AppError } from '../../core/errors.js';
import type { ModelRows } from './sink.js';

/** Options of {@link browseModel}. */
export interface BrowseOptions {
  /** NodeId to start from; default the Objects folder (i=85). */
  root?: string;
  /** How many levels below the root to go; default 8. */
  maxDepth?: number;
  /** Stop after this many tags; default 100 000. */
  maxTags?: number;
}

/** What a browse found: equipment and tags, each tag with its NodeId (a source's tag mapping). */
export interface BrowsedModel extends ModelRows {
  tags: (ModelRows['tags'][number] & { nodeId: string })[];
}

/** Numeric built-in data types (Part 6, 5.1.2): Boolean … Double, and Duration (a Double). */
const NUMERIC_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 290, 26, 27, 28]);
const HIERARCHICAL_REFERENCES = 'i=33';
const HAS_PROPERTY = 'i=46';

/**
 * Browses the address space from `root` and proposes equipment and tags.
 *
 * @throws AppError `opcua_browse` when the root node is unknown to the server.
 */
export async function browseModel(session: ClientSession, options: BrowseOptions = {}): Promise<BrowsedModel> {
  const root = options.root ?? 'i=85';
  const maxDepth = options.maxDepth ?? 8;
  const maxTags = options.maxTags ?? 100_000;
  const out: BrowsedModel = { equipment: [], tags: [] };
  const seen = new Set<string>();
  // Names start at the root's own name unless it is the Objects folder, so a browse of one
  // branch names things as a browse of the whole server would (Line2.Press, not Press).
  let rootPath: string | undefined;
  if (root !== 'i=85') {
    const name = await session.read({ nodeId: root, attributeId: AttributeIds.BrowseName });
    if (name.statusCode.isNotGood())
      throw new AppError('opcua_browse', `the server does not know the node '${root}' to browse from (${name.statusCode.name})`, 'give the NodeId of an Object, e.g. ns=2;s=Line1, or leave it out to browse from Objects');
    rootPath = (name.value.value as { name?: string } | null)?.name ?? root;
    out.equipment.push({ equipment: rootPath, parent: undefined, name: rootPath });
  }
  let level: { nodeId: string; path: string | undefined }[] = [{ nodeId: root, path: rootPath }];
  for (let depth = 0; depth < maxDepth && level.length > 0 && out.tags.length < maxTags; depth++) {
    const results = await browseAll(
      session,
      level.map((n) => ({
        nodeId: n.nodeId,
        browseDirection: BrowseDirection.Forward,
        referenceTypeId: HIERARCHICAL_REFERENCES,
        includeSubtypes: true,
        nodeClassMask: NodeClassMask.Object | NodeClassMask.Variable,
        resultMask: 0x3f,
      })),
    );
    const nextLevel: typeof level = [];
    const variables: { ref: ReferenceDescription; equipment: string }[] = [];
    results.forEach((r, k) => {
      const parent = level[k]!;
      for (const ref of r.references ?? []) {
        const id = ref.nodeId.toString();
        // Namespace 0 holds the server's own objects (Server, Aliases…), not equipment.
        if (ref.nodeId.namespace === 0 || seen.has(id)) continue;
        seen.add(id);
        const name = ref.browseName.name ?? id;
        if (ref.nodeClass === NodeClass.Object) {
          const equipment = parent.path ? `${parent.path}.${name}` : name;
          out.equipment.push({ equipment, parent: parent.path, name: ref.displayName.text ?? name });
          nextLevel.push({ nodeId: id, path: equipment });
        } else if (ref.nodeClass === NodeClass.Variable && parent.path) {
          variables.push({ ref, equipment: parent.path });
        }
      }
    });
    await addTags(session, variables, out, maxTags);
    level = nextLevel;
  }
  return out;
}

/** Reads data type and description of the variables; keeps the numeric ones as tags, with their unit. */
async function addTags(session: ClientSession, variables: { ref: ReferenceDescription; equipment: string }[], out: BrowsedModel, maxTags: number): Promise<void> {
  for (let i = 0; i < variables.length && out.tags.length < maxTags; i += 500) {
    const chunk = variables.slice(i, i + 500);
    const attrs = await session.read(chunk.flatMap((v) => [
      { nodeId: v.ref.nodeId, attributeId: AttributeIds.DataType },
      { nodeId: v.ref.nodeId, attributeId: AttributeIds.Description },
    ]));
    const numeric = chunk.filter((_, k) => {
      const type = attrs[2 * k]?.value.value as { namespace?: number; value?: unknown } | null;
      return type?.namespace === 0 && typeof type.value === 'number' && NUMERIC_TYPES.has(type.value);
    });
    const units = await unitsOf(session, numeric.map((v) => v.ref.nodeId.toString()));
    for (const v of numeric) {
      if (out.tags.length >= maxTags) break;
      const k = chunk.indexOf(v);
      const description = (attrs[2 * k + 1]?.value.value as { text?: string } | null)?.text ?? undefined;
      const id = v.ref.nodeId.toString();
      out.tags.push({ nodeId: id, tag: `${v.equipment}.${v.ref.browseName.name ?? id}`, equipment: v.equipment, unit: units.get(id), description: description || undefined });
    }
  }
}

/** The EngineeringUnits property of each variable that has one (its display name, e.g. °C). */
async function unitsOf(session: ClientSession, nodeIds: string[]): Promise<Map<string, string>> {
  const units = new Map<string, string>();
  if (nodeIds.length === 0) return units;
  const props = await browseAll(session, nodeIds.map((nodeId) => ({ nodeId, browseDirection: BrowseDirection.Forward, referenceTypeId: HAS_PROPERTY, includeSubtypes: true, nodeClassMask: NodeClassMask.Variable, resultMask: 0x3f })));
  const eu: { owner: string; nodeId: string }[] = [];
  props.forEach((p, k) => {
    const ref = (p.references ?? []).find((r) => r.browseName.name === 'EngineeringUnits');
    if (ref) eu.push({ owner: nodeIds[k]!, nodeId: ref.nodeId.toString() });
  });
  if (eu.length === 0) return units;
  const values = await session.read(eu.map((e) => ({ nodeId: resolveNodeId(e.nodeId), attributeId: AttributeIds.Value })));
  values.forEach((v, k) => {
    const info = v.value.value as { displayName?: { text?: string } } | null;
    const text = info?.displayName?.text;
    if (text) units.set(eu[k]!.owner, text);
  });
  return units;
}
