import { sectionDocumentName } from "../shared/documentNames.ts";
import { paragraphsContent, sectionStateFromJSON } from "../shared/editor/sectionContent.ts";
import type { Role } from "../shared/roles.ts";
import { rangesOfUpdate } from "../shared/text/updateRanges.ts";
import { hashPassword } from "./auth/passwords.ts";
import { seedDemoBracket } from "./seedNegotiation.ts";
import type { Stores, UnitOfWork } from "./storage/UnitOfWork.ts";

type DraftStore = Stores["drafts"];
type DocumentLog = Stores["documents"];

export const DEMO_PASSWORD = "plenary-demo";

const PEOPLE = {
  secretariat: {
    email: "secretariat@plenary.test",
    name: "Police Division secretariat",
    delegation: "UN",
    admin: true,
  },
  usa: { email: "usa@plenary.test", name: "United States point of contact", delegation: "USA", admin: false },
  sgp: { email: "sgp@plenary.test", name: "Singapore point of contact", delegation: "SGP", admin: false },
  fra: { email: "fra@plenary.test", name: "France point of contact", delegation: "FRA", admin: false },
  gha: { email: "gha@plenary.test", name: "Ghana point of contact", delegation: "GHA", admin: false },
  au: { email: "au@plenary.test", name: "African Union liaison", delegation: "AU", admin: false },
  interpol: { email: "interpol@plenary.test", name: "INTERPOL liaison", delegation: "INTERPOL", admin: false },
} as const;
type Person = keyof typeof PEOPLE;

interface SeedSection {
  title: string;
  penholders: Person[];
  text: string[];
}

const WG1_SECTIONS: SeedSection[] = [
  {
    title: "Purpose and scope",
    penholders: ["usa"],
    text: [
      "This doctrine sets out the common principles, roles and working methods of United Nations police and their partners in post-conflict environments. It guides the planning, deployment and conduct of police components from the first days after a ceasefire to the hand-over of full responsibility to the host State.",
      "It applies to formed police units, individual police officers and specialised teams deployed under a Security Council mandate, and informs the bilateral and regional programmes that support the same host-State institutions.",
    ],
  },
  {
    title: "Guiding principles",
    penholders: ["sgp"],
    text: [
      "Police action in post-conflict settings rests on legality, national ownership, impartiality and respect for human rights. Support is designed with the host State's institutions, not around them, and every measure is sustainable beyond the mission's lifetime.",
      "Community-oriented policing, gender responsiveness and accountability to the population are treated as operational requirements rather than optional additions.",
    ],
  },
  {
    title: "Roles of UN police and partners",
    penholders: ["fra"],
    text: [
      "UN police advise, mentor and, where mandated, carry out interim law enforcement. Bilateral partners contribute specialised expertise and equipment; regional organisations provide continuity before and after a mission.",
      "A joint coordination mechanism chaired by the host State assigns responsibilities, avoids duplication and reports to the working group every quarter.",
    ],
  },
  {
    title: "Cooperation with INTERPOL and regional organisations",
    penholders: ["interpol"],
    text: [
      "Host-State police gain access to INTERPOL's secure communications and databases through the National Central Bureau, which the mission helps to establish or restore. Regional police cooperation bodies share analysis on cross-border crime affecting the host State.",
    ],
  },
  {
    title: "Capacity building",
    penholders: [],
    text: [
      "Training, institutional development and the vetting of personnel are planned over several years and measured against agreed benchmarks. Curricula are developed with national police academies so that instruction continues when international trainers leave.",
    ],
  },
];

const WG2_SECTIONS: SeedSection[] = [
  {
    title: "Threat assessment",
    penholders: ["fra"],
    text: [
      "Organised criminal groups exploit the weakened institutions of post-conflict States to traffic drugs, firearms and people, and to launder the proceeds. This section maps the principal routes and the vulnerabilities they exploit.",
    ],
  },
  {
    title: "Response framework",
    penholders: ["gha"],
    text: [
      "National responses combine specialised investigative units, financial intelligence and judicial cooperation, supported by regional and international partners under a single coordination framework.",
    ],
  },
];

export interface SeedDeps {
  /** The demo is written in one transaction, through the stores it gives. */
  uow: UnitOfWork;
}

export interface SeededAccount {
  email: string;
  delegation: string;
  roles: string;
}

/** Creates the demo workspace in an empty database, in one transaction. */
export async function seedDemoWorkspace({ uow }: SeedDeps): Promise<SeededAccount[]> {
  const hashes = new Map<Person, string>();
  for (const person of Object.keys(PEOPLE) as Person[]) hashes.set(person, await hashPassword(DEMO_PASSWORD));

  return uow.transaction(async ({ users, groups, drafts, documents, brackets }) => {
    const ids = new Map<Person, string>();
    for (const [person, data] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      const user = await users.create({
        email: data.email,
        name: data.name,
        delegation: data.delegation,
        passwordHash: hashes.get(person) ?? "",
        isAdmin: data.admin,
      });
      ids.set(person, user.id);
    }
    const id = (person: Person): string => ids.get(person) ?? "";

    const wg1 = await groups.create("International police doctrine for post-conflict environments");
    const wg2 = await groups.create("Transnational organized crime in post-conflict settings");
    const memberships: [string, Person, Role][] = [
      [wg1.id, "secretariat", "lead"],
      [wg1.id, "usa", "lead"],
      [wg1.id, "sgp", "member"],
      [wg1.id, "fra", "member"],
      [wg1.id, "interpol", "member"],
      [wg1.id, "au", "observer"],
      [wg2.id, "secretariat", "lead"],
      [wg2.id, "fra", "lead"],
      [wg2.id, "gha", "member"],
      [wg2.id, "au", "observer"],
    ];
    for (const [groupId, person, role] of memberships) await groups.setMember(groupId, id(person), role);

    const doctrine = await seedDraft(drafts, documents, wg1.id, "Doctrine — zero draft", WG1_SECTIONS, id);
    // A newcomer finds one open bracket in section 2, with two options and positions on them.
    const principles = doctrine[1];
    if (principles) {
      await seedDemoBracket(brackets, {
        draftId: principles.draftId,
        sectionId: principles.sectionId,
        state: principles.state,
        people: { sgp: id("sgp"), fra: id("fra"), usa: id("usa"), interpol: id("interpol") },
      });
    }
    await seedDraft(drafts, documents, wg2.id, "Transnational organized crime — elements paper", WG2_SECTIONS, id);

    const roles = new Map<Person, string[]>();
    for (const [groupId, person, role] of memberships) {
      const list = roles.get(person) ?? [];
      list.push(`${role} of ${groupId === wg1.id ? "WG1" : "WG2"}`);
      roles.set(person, list);
    }
    return (Object.keys(PEOPLE) as Person[]).map((person) => ({
      email: PEOPLE[person].email,
      delegation: PEOPLE[person].delegation,
      roles: [...(PEOPLE[person].admin ? ["site admin"] : []), ...(roles.get(person) ?? [])].join(", "),
    }));
  });
}

async function seedDraft(
  drafts: DraftStore,
  documents: DocumentLog,
  groupId: string,
  title: string,
  sections: SeedSection[],
  id: (person: Person) => string,
): Promise<{ draftId: string; sectionId: string; state: Uint8Array }[]> {
  const [first, ...rest] = sections;
  if (!first) return [];
  const { draftId, sectionId } = await drafts.createDraft(groupId, title, first.title);
  const sectionIds: [string, SeedSection][] = [[sectionId, first]];
  let previous = sectionId;
  for (const section of rest) {
    const created = await drafts.createSection(draftId, section.title, previous);
    if (!created) throw new Error("seed: could not create section");
    sectionIds.push([created, section]);
    previous = created;
  }
  const seeded: { draftId: string; sectionId: string; state: Uint8Array }[] = [];
  for (const [sid, section] of sectionIds) {
    if (section.penholders.length > 0) await drafts.updateSection(sid, { penholders: section.penholders.map(id) });
    // The seeded text is the first penholder's (or the secretariat's), as if they had typed it.
    const author: Person = section.penholders[0] ?? "secretariat";
    const state = sectionStateFromJSON(paragraphsContent(section.text));
    await documents.append(sectionDocumentName(sid), state, {
      userId: id(author),
      delegation: PEOPLE[author].delegation,
      ...rangesOfUpdate(state),
    });
    seeded.push({ draftId, sectionId: sid, state });
  }
  return seeded;
}
