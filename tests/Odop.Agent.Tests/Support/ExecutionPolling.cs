using Odop.Client;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.Support;

/// <summary>Waiting on an execution through a client, for tests that drive a real agent.</summary>
internal static class ExecutionPolling
{
    /// <summary>Polls until the execution satisfies <paramref name="condition"/>; fails the test after a generous limit.</summary>
    public static async Task<Execution> WaitForAsync(OdopClient client, string executionId, Func<Execution, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Execution execution;
        do
        {
            execution = await client.GetAsync(executionId);
            if (condition(execution)) return execution;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"execution {executionId} never became {what}; last seen {execution.State}: {execution.Reason}");
        return execution;
    }
}
