using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Core.Internal;
using Odop.Core.Quantities;

namespace Odop.Core.Profiles;

/// <summary>
/// Our extra key <c>on_timeout</c>: a command run once after an execution of the task is recorded
/// <c>timed_out</c> (to clean up, save partial results, alert). Written as an argv list, or as
/// <c>{"command": [...], "time": "30s"}</c>; it is killed when it runs past its own time limit.
/// </summary>
public sealed record OnTimeoutCommand(IReadOnlyList<string> Argv, DurationQuantity Time)
{
    public const string Key = "on_timeout";

    /// <summary>The limit when the profile gives none: long enough to copy a file or send a message.</summary>
    public static readonly DurationQuantity DefaultTime = DurationQuantity.FromSeconds(60);

    internal static OnTimeoutCommand? Read(JsonObject profile)
    {
        var node = profile[Key];
        switch (node)
        {
            case null:
                return null;
            case JsonArray argv:
                return new OnTimeoutCommand(JsonFields.Argv(argv, Key), DefaultTime);
            case JsonObject o:
                var command = JsonFields.OptionalArray(o, Key, "command")
                    ?? throw new OdopValidationException(null, JsonFields.Join(Key, "command"), "is required: the program and arguments to run");
                var time = JsonFields.ScalarText(o, Key, "time") is { } text
                    ? DurationQuantity.Parse(text, JsonFields.Join(Key, "time"))
                    : DefaultTime;
                if (time.Milliseconds == 0)
                    throw new OdopValidationException(null, JsonFields.Join(Key, "time"), "must be longer than 0");
                return new OnTimeoutCommand(JsonFields.Argv(command, JsonFields.Join(Key, "command")), time);
            default:
                throw JsonFields.WrongKind("", Key, "an argv array or an object {\"command\": [...], \"time\": \"30s\"}", node);
        }
    }
}
