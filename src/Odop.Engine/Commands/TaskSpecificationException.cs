namespace Odop.Engine.Commands;

/// <summary>A task's execution method cannot be turned into a command. <see cref="Field"/> names the culprit.</summary>
public sealed class TaskSpecificationException : ArgumentException
{
    public TaskSpecificationException(string field, string problem) : base($"{field}: {problem}") => Field = field;

    /// <summary>The JSON path at fault, e.g. "execution_method.module".</summary>
    public string Field { get; }
}
