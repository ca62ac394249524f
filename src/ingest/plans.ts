/**
 * The plan builder of each file of the folder format, in import order.
 */
import type { FolderFile } from './folder-files.js';
import type { FilePlan, PlanInput } from './plan-types.js';
import { continuousPlan, discretePlan, eventsPlan, replicatesPlan, tagsPlan } from './plans-data.js';
import { equipmentPlan, genealogyPlan, lotsPlan, materialsPlan, parametersPlan, sitesPlan, stepsPlan } from './plans-model.js';

/** Plan builders by file. */
export const PLANS: Record<FolderFile, (p: PlanInput) => FilePlan> = {
  sites: sitesPlan, equipment: equipmentPlan, materials: materialsPlan, steps: stepsPlan, lots: lotsPlan,
  genealogy: genealogyPlan, parameters: parametersPlan, discrete: discretePlan, replicates: replicatesPlan,
  events: eventsPlan, tags: tagsPlan, continuous: continuousPlan,
};
