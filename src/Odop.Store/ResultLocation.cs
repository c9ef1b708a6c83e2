using Odop.Core;

namespace Odop.Store;

/// <summary>Where an execution left something: its log files, an output folder. <paramref name="Kind"/> is free text ("stdout", "stderr", "output").</summary>
public sealed record ResultLocation(ExecutionId ExecutionId, string Kind, string Location);
