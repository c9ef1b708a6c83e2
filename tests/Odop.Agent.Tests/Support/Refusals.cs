using Odop.Protocol;

namespace Odop.Agent.Tests.Support;

/// <summary>For tests of calls that must be refused: the status they were refused with.</summary>
internal static class Refusals
{
    public static async Task<RpcException> FailsAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e)
        {
            return e;
        }
        Assert.Fail("the call succeeded; it should have been refused");
        throw new InvalidOperationException();
    }
}
