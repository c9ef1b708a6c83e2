namespace Odop.Node.Processes;

/// <summary>A task process could not be started; the message names the path at fault.</summary>
public sealed class LaunchException : Exception
{
    public LaunchException(string message, string? path = null, Exception? inner = null) : base(message, inner) => Path = path;

    /// <summary>The executable, directory or file the failure is about, when there is one.</summary>
    public string? Path { get; }
}
