/**
 * How the workbench names request fields in messages: by the label of the form field, taken
 * from the verbs' request schemas (the same ones the server parses with). A server error that
 * names a field (`{{site}}` in its template) reads "Site" here, `--site` in the CLI.
 */
import { spell, type Spelling } from '../core/errors.js';
import { labelsOf } from '../core/fields.js';
import { approveFields, capabilityFields, chartFigureFields, proposeFields } from '../spc/spc-request.js';

const LABELS: Record<string, string> = labelsOf(chartFigureFields, proposeFields, capabilityFields, approveFields);

/** Registers the labels of more request schemas (a view's own fields). */
export function addLabels(labels: Record<string, string>): void {
  for (const [k, v] of Object.entries(labels)) LABELS[k] ??= v;
}

const humanise = (name: string) => name.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase()).replace(/^./, (c) => c.toUpperCase());

/** A field as the form shows it: “Label”, with a value as “Label” = value. */
export const webSpelling: Spelling = (name, example) => {
  const label = `“${LABELS[name] ?? humanise(name)}”`;
  return example === undefined ? label : `${label} = ${example}`;
};

/** A server message or hint template spelled for the workbench. */
export function spellForWeb(text: string): string {
  return spell(text, webSpelling);
}
