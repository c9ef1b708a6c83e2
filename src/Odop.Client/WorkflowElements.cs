using Odop.Core.Workflow;
using Odop.Protocol.V1;

namespace Odop.Client;

/// <summary>Puts an <see cref="ExecutionWorkflow"/> (dependencies, retries, group) on a queue element.</summary>
public static class WorkflowElements
{
    public static QueueElement WithWorkflow(this QueueElement element, ExecutionWorkflow workflow)
    {
        element.After.AddRange(workflow.After.Select(a => a.Value));
        if (workflow.After.Count > 0) element.AfterMode = workflow.Mode.ToName();
        if (workflow.Retries is { } r)
            element.Retries = new Odop.Protocol.V1.RetryOptions
            {
                Max = r.Max,
                BackoffSeconds = r.Backoff.TotalSeconds,
                Factor = r.Factor,
                MaxBackoffSeconds = r.MaxBackoff.TotalSeconds,
            };
        if (workflow.Group is { } g)
        {
            element.Group = new Odop.Protocol.V1.GroupOptions { Name = g.Name, Strategy = g.Strategy.ToName(), Parallelism = g.Parallelism, FailureMode = g.FailureMode.ToName() };
            element.Group.After.AddRange(g.After);
        }
        return element;
    }
}
