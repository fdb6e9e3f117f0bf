/** What the three compare reads declare alike: where they are listed, who may read them, the 404 of an unknown experiment. */
export const compareRoute = { tag: 'Experiments', access: 'member', errors: { 404: 'Experiment not found' } } as const;
