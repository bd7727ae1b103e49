/**
 * The shape of Hızır's confidence model, apart from the engine that applies it and the fit
 * that produces it (hizir-calibration.ts), so the snapshot can name it without importing the
 * engine.
 */

/** Logistic model mapping ranking features to P(top answer is right). */
export interface HizirCalibration {
  features: string[];
  weights: number[];
  bias: number;
  /** Below this confidence Hızır hands the question to an officer. */
  threshold: number;
}

/** Names of the features, in the order the calibration's weights expect them. */
export const CALIBRATION_FEATURES = [
  'topScoreShare',
  'margin',
  'coverage',
  'outOfScopeShare',
  'logTopScore',
] as const;

/**
 * Fallback when config/hizir/calibration.yaml is absent (before the first fit): assumption,
 * hand-set so that a clear, well-covered winner passes and anything else is handed off.
 */
export const DEFAULT_CALIBRATION: HizirCalibration = {
  features: [...CALIBRATION_FEATURES],
  weights: [2, 3, 4, -6, 0.5],
  bias: -4,
  threshold: 0.5,
};
