import type { ContentMatch, MarkType, NodeType, Schema } from "@tiptap/pm/model";
import * as Y from "yjs";
import { editorSchema } from "../../shared/editor/schema.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import type { DecodedUpdate } from "../../shared/text/updateRanges.ts";
import type { Verdict } from "./updateValidation.ts";

/**
 * What a section document may hold, derived from the editor schema: the one
 * root `content` (an XmlFragment standing for the schema's top node), elements
 * named after node types where their parent's content expression allows them,
 * node attributes the schema declares, text only inside nodes with inline
 * content, and marks the schema declares and the enclosing node allows. It is
 * exactly the shape Tiptap's collaboration binding (y-tiptap) writes; a node or
 * mark added to the editor's extensions is accepted here without a change.
 */
export class SectionStructureRules {
  private readonly children = new Map<string, Set<string>>();

  constructor(readonly schema: Schema) {
    for (const type of Object.values(schema.nodes)) {
      if (type.contentMatch) this.children.set(type.name, childTypes(type.contentMatch));
    }
  }

  /** Whether an element `child` may sit in `parent` (null: the section's root fragment). */
  allowsChild(parent: string | null, child: string): boolean {
    if (child === "text" || child === this.schema.topNodeType.name) return false;
    return this.children.get(parent ?? this.schema.topNodeType.name)?.has(child) ?? false;
  }

  /** Whether text (a Y.XmlText) may sit in `parent` (null: the root fragment). */
  allowsText(parent: string | null): boolean {
    return this.children.get(parent ?? this.schema.topNodeType.name)?.has("text") ?? false;
  }

  allowsAttribute(node: string, attribute: string, value: unknown): boolean {
    const type: NodeType | undefined = this.schema.nodes[node];
    if (!type || !Object.hasOwn(type.spec.attrs ?? {}, attribute)) return false;
    return isJsonValue(value);
  }

  /** `key` is y-tiptap's attribute name for a mark: the mark's name, with a hash suffix for marks that may overlap. */
  allowsMark(node: string, key: string, value: unknown): boolean {
    const type: NodeType | undefined = this.schema.nodes[node];
    const mark: MarkType | undefined = this.schema.marks[markName(key)];
    if (!type || !mark || !type.allowsMarkType(mark)) return false;
    // A null value ends the mark; otherwise it carries the mark's attributes.
    if (value === null) return true;
    if (typeof value !== "object" || Array.isArray(value)) return false;
    const declared = mark.spec.attrs ?? {};
    return Object.entries(value).every(([name, attribute]) => Object.hasOwn(declared, name) && isJsonValue(attribute));
  }
}

export const sectionStructureRules = new SectionStructureRules(editorSchema);

const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

function markName(key: string): string {
  return HASHED_MARK.exec(key)?.[1] ?? key;
}

/** Every node type a content expression can produce, anywhere in it. */
function childTypes(start: ContentMatch): Set<string> {
  const names = new Set<string>();
  const seen = new Set<ContentMatch>();
  const pending = [start];
  for (let match = pending.pop(); match; match = pending.pop()) {
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      names.add(edge.type.name);
      pending.push(edge.next);
    }
  }
  return names;
}

function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  return false;
}

/** Where an item sits: the root fragment, an element, a text, or somewhere no section content may be. */
type Place =
  | { kind: "root" }
  | { kind: "element"; name: string }
  | { kind: "text"; element: string | null }
  | { kind: "gone" }
  | { kind: "foreign"; what: string };

/**
 * Checks that applying `update` to `document` (a section) leaves only the
 * structure the editor schema allows. It reads the decoded update and looks
 * up the parents its items hang off in the live document, without applying
 * anything. Call it after `validateUpdate`, which guarantees every reference
 * resolves.
 */
export function checkSectionStructure(
  document: Y.Doc,
  update: Uint8Array | DecodedUpdate,
  rules: SectionStructureRules = sectionStructureRules,
): Verdict {
  const { structs } = update instanceof Uint8Array ? Y.decodeUpdate(update) : update;
  const incoming = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = incoming.get(struct.id.client) ?? [];
    list.push(struct);
    incoming.set(struct.id.client, list);
  }
  const placeOf = placeResolver(document, incoming);

  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted) continue;
    const place = placeOf(struct);
    const problem = placementProblem(place, struct, rules);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true };
}

function placementProblem(place: Place, item: Y.Item, rules: SectionStructureRules): string | null {
  const { content, parentSub } = item;
  switch (place.kind) {
    case "gone":
      // Its parent was deleted and collected: Yjs discards the item on arrival.
      return null;
    case "foreign":
      return place.what;
    case "root":
    case "element": {
      const parent = place.kind === "root" ? null : place.name;
      if (parentSub !== null) {
        if (parent === null) return "a key on the section's root";
        if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return `attribute ${parentSub} not a value`;
        return rules.allowsAttribute(parent, parentSub, content.arr[0])
          ? null
          : `attribute ${parentSub} not allowed on ${parent}`;
      }
      if (!(content instanceof Y.ContentType)) return `${contentName(content)} directly in ${parent ?? "the root"}`;
      const { type } = content;
      if (type instanceof Y.XmlText)
        return rules.allowsText(parent) ? null : `text directly in ${parent ?? "the root"}`;
      if (type instanceof Y.XmlElement) {
        return rules.allowsChild(parent, type.nodeName)
          ? null
          : `${type.nodeName} not allowed in ${parent ?? "the root"}`;
      }
      return `${type.constructor.name} in ${parent ?? "the root"}`;
    }
    case "text": {
      if (parentSub !== null) return "an attribute on text";
      if (content instanceof Y.ContentString) return null;
      if (content instanceof Y.ContentFormat) {
        if (place.element === null) return "formatting outside any node";
        return rules.allowsMark(place.element, content.key, content.value)
          ? null
          : `mark ${content.key} not allowed in ${place.element}`;
      }
      return `${contentName(content)} inside text`;
    }
  }
}

function contentName(content: Y.Item["content"]): string {
  if (content instanceof Y.ContentType) return content.type.constructor.name;
  return content.constructor.name;
}

/**
 * Finds where items go. An item in an update names its parent (a root type's
 * name, or the id of the type item it is in) only when it has no neighbour;
 * otherwise it sits where its left (or right) neighbour sits. Neighbours and
 * parents are in the update itself or in the live document.
 */
function placeResolver(document: Y.Doc, incoming: Map<number, Y.Item[]>): (item: Y.Item) => Place {
  const placed = new Map<Y.Item, Place>();

  const findIncoming = (id: Y.ID): Y.Item | null => {
    const list = incoming.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = list[middle];
      if (!item) break;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  };

  const findLive = (id: Y.ID): Y.Item | null => {
    const known = document.store.clients.get(id.client);
    const last = known?.[known.length - 1];
    if (!last || id.clock >= last.id.clock + last.length) return null;
    const struct = Y.getItem(document.store, id) as Y.Item | Y.GC;
    return struct instanceof Y.Item ? struct : null;
  };

  /** The place inside a type item (an item whose content is a type). */
  const inside = (typeItem: Y.Item | null, fromUpdate: boolean): Place => {
    if (!typeItem || typeItem.deleted) return { kind: "gone" };
    if (!(typeItem.content instanceof Y.ContentType)) return { kind: "foreign", what: "content inside a non-type" };
    const { type } = typeItem.content;
    if (type instanceof Y.XmlText) {
      // The text's own element: already checked to be one the schema allows.
      const around = fromUpdate ? resolve(typeItem) : liveTypePlace(type);
      if (around.kind === "element") return { kind: "text", element: around.name };
      if (around.kind === "root") return { kind: "text", element: null };
      return around;
    }
    if (type instanceof Y.XmlElement) return { kind: "element", name: type.nodeName };
    return { kind: "foreign", what: `content inside a ${type.constructor.name}` };
  };

  /** The place of a type that lives in the document, from its own item. */
  const liveTypePlace = (type: Y.XmlText): Place => {
    const item = type._item;
    if (!item) return { kind: "foreign", what: "text at the root" };
    return livePlace(item);
  };

  const livePlace = (item: Y.Item): Place => {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return { kind: "gone" };
    if (parent._item === null) {
      const name = Y.findRootTypeKey(parent);
      if (name !== SECTION_FRAGMENT) return { kind: "foreign", what: `root type ${name}` };
      return { kind: "root" };
    }
    return inside(parent._item, false);
  };

  /** Where the item sits, or the neighbour it sits beside. Chains of neighbours are walked without recursion. */
  const step = (item: Y.Item): Place | Y.Item => {
    const { parent } = item;
    if (typeof parent === "string") {
      return parent === SECTION_FRAGMENT ? { kind: "root" } : { kind: "foreign", what: `root type ${parent}` };
    }
    if (parent instanceof Y.ID) {
      const fromUpdate = findIncoming(parent);
      return fromUpdate ? inside(fromUpdate, true) : inside(findLive(parent), false);
    }
    // No parent written: the item sits beside its neighbour.
    const neighbour = item.origin ?? item.rightOrigin;
    if (!neighbour) return { kind: "foreign", what: "an item with no parent" };
    const fromUpdate = findIncoming(neighbour);
    if (fromUpdate) return fromUpdate;
    const live = findLive(neighbour);
    return live ? livePlace(live) : { kind: "gone" };
  };

  const resolve = (start: Y.Item): Place => {
    const chain = new Set<Y.Item>();
    let place: Place | undefined;
    for (let item = start; place === undefined; ) {
      const known = placed.get(item);
      if (known) {
        place = known;
        break;
      }
      if (chain.has(item)) {
        place = { kind: "foreign", what: "items that sit beside each other in a circle" };
        break;
      }
      chain.add(item);
      const next = step(item);
      if (next instanceof Y.Item) item = next;
      else place = next;
    }
    for (const item of chain) placed.set(item, place);
    return place;
  };

  return resolve;
}
