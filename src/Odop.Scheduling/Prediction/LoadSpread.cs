namespace Odop.Scheduling.Prediction;

/// <summary>The newest samples of a core's window: how many, their mean and their highest load.</summary>
public readonly record struct LoadSpread(int Samples, double Mean, double Max);
