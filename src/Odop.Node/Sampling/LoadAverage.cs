namespace Odop.Node.Sampling;

/// <summary>/proc/loadavg: 1, 5 and 15 minute averages, runnable and total scheduling entities.</summary>
public readonly record struct LoadAverage(double One, double Five, double Fifteen, int Runnable, int Total);
