using System.Text.Json.Nodes;
using Odop.Core;
using Odop.Core.Profiles;

namespace Odop.Agent.Loop;

/// <summary>A queue element that passed validation: a well-formed id, a known profile, options as a JSON object.</summary>
internal sealed record ValidatedElement(ExecutionId ExecutionId, TaskProfile Profile, JsonObject ExecutionMetadata, int Priority)
{
    /// <summary>The element's class if it gave one, else the profile's.</summary>
    public ExecutionClass Class { get; init; } = Profile.Class;
    /// <summary>Dependencies, retry policy and group as the element gave them (well-formed; the loop checks them against the queue).</summary>
    public Odop.Core.Workflow.ExecutionWorkflow Workflow { get; init; } = Odop.Core.Workflow.ExecutionWorkflow.None;
}
