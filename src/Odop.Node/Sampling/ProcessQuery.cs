namespace Odop.Node.Sampling;

/// <summary>A process to sample; with <paramref name="IncludeDescendants"/> its process tree is summed too.</summary>
public readonly record struct ProcessQuery(int Pid, bool IncludeDescendants = false);
