import { type Algorithm, hash, verify } from "@node-rs/argon2";

// The package exports Algorithm as a const enum, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes): memory-hard, so
// a stolen hash costs an attacker memory as well as time. @node-rs/argon2 is a
// maintained native binding shipped prebuilt, so nothing compiles at install.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a throwaway hash when the account does not exist makes a
// failed sign-in take the same time either way, so emails cannot be probed.
let decoy: Promise<string> | null = null;
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword("decoy-password-for-unknown-accounts");
  await verifyPassword(await decoy, password);
}
