import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '@kyros/contracts/config';
import { seedCollaborationDir } from '../seed-collaboration.ts';

// docker compose's `collab-seed` step: what npm start does on first start. Copies the repository's
// collaboration/ seed into KYROS_COLLAB_DIR unless a store is already there.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { collabDir } = loadConfigOrExit(process.env);
const seeded = await seedCollaborationDir(path.join(projectRoot, 'collaboration'), collabDir);
console.log(`${seeded ? 'seeded' : 'kept the existing store in'} ${collabDir}`);
