import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The folders of src/ from the lowest to the highest (README, "How it is built"): a folder
 * imports only folders of a lower rank, so no import runs back up and no two folders import
 * each other. The composition roots are high: experiment/ (the registry of models, the
 * runners) and app/ (the Nest wiring); only cli/ is above them.
 */
const LAYERS = [
  ['common'],
  ['sim'],
  ['scenario', 'lab-server'],
  ['config', 'govtr'],
  ['queue'],
  ['evisa', 'payments', 'diplomatic-portal', 'hizir', 'replay'],
  ['konsolosluk'],
  ['experiment'],
  ['report', 'app'],
  ['cli'],
];
const layering = LAYERS.flatMap((folders, rank) => {
  const above = LAYERS.slice(rank + 1).flat();
  if (!above.length) return [];
  return [
    {
      files: folders.map((f) => `src/${f}/**/*.ts`),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: above.map((f) => ({
              regex: `^(\\.\\./)+${f}(/|$)`,
              message: `src/${f}/ is above this folder in the layering (README, "How it is built"): pass what it needs down instead (an injection token, a parameter, a type in a lower folder).`,
            })),
          },
        ],
      },
    },
  ];
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', 'bin/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...layering,
);
