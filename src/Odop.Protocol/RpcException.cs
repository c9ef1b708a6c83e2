namespace Odop.Protocol;

/// <summary>
/// A call ended with a status other than OK. Handlers throw it to choose the status a client sees;
/// clients receive it for every failed call, whatever went wrong (transport, deadline, server).
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(StatusCode status, string detail)
        : base(FormatMessage(status, detail))
    {
        Status = status;
        Detail = detail ?? string.Empty;
    }

    public RpcException(StatusCode status, string detail, Exception? innerException)
        : base(FormatMessage(status, detail), innerException)
    {
        Status = status;
        Detail = detail ?? string.Empty;
    }

    public StatusCode Status { get; }

    public string Detail { get; }

    private static string FormatMessage(StatusCode status, string? detail) =>
        $"Status(StatusCode=\"{status}\", Detail=\"{detail}\")";
}
