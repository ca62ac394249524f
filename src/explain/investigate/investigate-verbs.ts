/**
 * The verbs of investigation: everything unusual about one lot, as data or as the one-page
 * HTML summary to forward. One field: the lot.
 */
import { z } from 'zod';
import { text } from '../../core/fields.js';
import { defineVerb } from '../../core/verb.js';
import { investigate } from './investigate.js';
import { investigationHtml } from './investigate-html.js';

/** Which lot to investigate. */
export const investigateFields = z.object({
  lot: text().meta({ title: 'Lot', description: 'the lot to investigate', examples: ['L042'] }),
});

/** `investigate LOT`: findings, most unusual first, and the most similar past lots. */
export const investigateVerb = defineVerb({
  name: 'investigate',
  summary: 'everything unusual about one lot, most unusual first: out of specification, unusual against history, rule violations, golden-envelope excursions, upstream lots, deviations and alarms, similar past lots',
  fields: investigateFields, positional: ['lot'],
  run: (store, v, ctx) => investigate(store, v.lot, { logger: ctx.logger }),
});

/** The investigation as a one-page HTML summary. */
export const investigateHtmlVerb = defineVerb({
  name: 'investigate html',
  summary: 'the one-page HTML summary of an investigation, to forward',
  fields: investigateFields, positional: ['lot'],
  run: async (store, v, ctx) => investigationHtml(await investigate(store, v.lot, { logger: ctx.logger })),
});
