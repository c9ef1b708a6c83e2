using System.Globalization;
using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Profiles;

/// <summary>
/// What past runs of a profile used, kept in the profile's own extra key <c>measured</c> so the
/// estimate survives agent restarts: how many runs, the last one, and the running weighted mean.
/// </summary>
public sealed record MeasuredStats(int Runs, MeasuredUsage Last, MeasuredUsage Ewma, DateTimeOffset UpdatedAt)
{
    internal const string Key = "measured";

    internal JsonObject ToJson() => new()
    {
        ["runs"] = Runs,
        ["last"] = Last.ToJson(),
        ["ewma"] = Ewma.ToJson(),
        ["updated_at"] = UpdatedAt.ToString("o", CultureInfo.InvariantCulture),
    };

    internal static MeasuredStats Read(JsonObject o, string path)
    {
        var runs = JsonFields.OptionalInt(o, path, "runs") ?? throw JsonFields.Missing(path, "runs");
        if (runs < 1) throw new OdopValidationException(null, JsonFields.Join(path, "runs"), "must be at least 1");
        var last = MeasuredUsage.Read(JsonFields.RequiredObject(o, path, "last"), JsonFields.Join(path, "last"));
        var ewma = MeasuredUsage.Read(JsonFields.RequiredObject(o, path, "ewma"), JsonFields.Join(path, "ewma"));
        var text = JsonFields.RequiredString(o, path, "updated_at");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            throw new OdopValidationException(null, JsonFields.Join(path, "updated_at"), $"'{text}' is not an ISO 8601 time");
        return new MeasuredStats(runs, last, ewma, at);
    }
}
