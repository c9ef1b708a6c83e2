namespace Odop.Scheduling.Prediction;

/// <summary>
/// The spells of load in a core's sample window, a spell being a run of samples at or over a threshold.
/// </summary>
/// <param name="Ended">Spells followed by a quiet sample (one cut by the window's start counts, with what is left of it).</param>
/// <param name="Longest">The longest spell in samples, the one still going included.</param>
/// <param name="Ongoing">Length of the spell the newest sample belongs to; 0 when that sample is quiet.</param>
/// <param name="QuietShare">Samples under the threshold / samples in the window; 0 for an empty window.</param>
public readonly record struct BurstShape(int Ended, int Longest, int Ongoing, double QuietShare);
