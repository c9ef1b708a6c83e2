using Odop.Core;
using Odop.Protocol;

namespace Odop.Cli.Commands;

/// <summary>Turns failures into one readable line on stderr and an exit code, never a stack trace.</summary>
internal static class CliErrors
{
    public const int Failure = 1;
    public const int Usage = 2;

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"odop: {Describe(e.Status)}: {e.Detail}");
            return Failure;
        }
        catch (Odop.Store.OdopStoreException e)
        {
            Console.Error.WriteLine($"odop: {e.Message}");
            return Failure;
        }
        catch (OdopValidationException e)
        {
            Console.Error.WriteLine($"odop: {e.Message}");
            return Usage;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"odop: {e.Message}");
            return Usage;
        }
    }

    private static string Describe(StatusCode status) => status switch
    {
        StatusCode.Unavailable => "agent unavailable (is `odop agent` or `odop run` running?)",
        _ => status.ToString(),
    };
}
