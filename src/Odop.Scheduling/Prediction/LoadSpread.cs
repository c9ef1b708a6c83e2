namespace Odop.Scheduling.Prediction;

/// <summary>The newest samples of a core's window: how many, their mean load, and how many were over a given level.</summary>
public readonly record struct LoadSpread(int Samples, double Mean, int Over);
