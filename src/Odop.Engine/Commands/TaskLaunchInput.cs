using System.Text.Json.Nodes;
using Odop.Core.Hardware;

namespace Odop.Engine.Commands;

/// <summary>What <see cref="TaskCommandResolver"/> needs to build a task's command line.</summary>
public sealed record TaskLaunchInput
{
    public required string ExecutionId { get; init; }
    public required string TaskId { get; init; }

    /// <summary>The profile's execution_method: {"module", "function", "input_folder"} or {"command": [argv]},
    /// with optional "interpreter", "working_directory" and "environment".</summary>
    public required JsonObject ExecutionMethod { get; init; }

    /// <summary>The execution's execution_option object (keyword arguments of the task).</summary>
    public JsonObject ExecutionOptions { get; init; } = [];

    /// <summary>Relative paths in the execution method resolve against this (the profile's folder).</summary>
    public required string BaseDirectory { get; init; }

    public CpuSet? Cpus { get; init; }

    /// <summary>Where &lt;execution-id&gt;.out and .err go.</summary>
    public required string LogDirectory { get; init; }

    public bool IdleScheduling { get; init; } = true;
}
