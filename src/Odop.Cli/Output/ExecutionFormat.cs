using System.Globalization;
using System.Text;
using Google.Protobuf;
using Odop.Protocol.V1;

namespace Odop.Cli.Output;

/// <summary>How executions print: a table row, a detailed view, or JSON with the proto field names.</summary>
internal static class ExecutionFormat
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    public static string ToJson(IMessage message) => Json.Format(message);

    public static string State(ExecutionState state) => state.ToString().ToLowerInvariant() switch
    {
        "timedout" => "timed_out",
        var s => s,
    };

    public static string Cpus(Execution e) =>
        e.Placement is { Cpus.Count: > 0 } p ? Odop.Core.Hardware.CpuSet.Of(p.Cpus).ToString() : "-";

    public static string Seconds(double seconds) => seconds <= 0 ? "-" : seconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    public static string Bytes(long bytes) => bytes switch
    {
        <= 0 => "-",
        < 1 << 20 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + "Ki",
        < 1 << 30 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + "Mi",
        _ => (bytes / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture) + "Gi",
    };

    public static Table NewTable() => new("EXECUTION ID", "TASK", "STATE", "CPUS", "PID", "WALL", "CPU", "PEAK RSS", "REASON");

    public static void AddRow(Table table, Execution e) => table.Add(
        e.ExecutionId, e.TaskName, State(e.State), Cpus(e), e.Pid == 0 ? "-" : e.Pid.ToString(CultureInfo.InvariantCulture),
        Seconds(e.Usage?.WallSeconds ?? 0), Seconds(e.Usage?.CpuSeconds ?? 0), Bytes(e.Usage?.PeakRssBytes ?? 0), e.Reason);

    public static string Details(Execution e)
    {
        var sb = new StringBuilder();
        void Line(string name, string value) => sb.Append(name.PadRight(14)).AppendLine(value);
        Line("execution_id", e.ExecutionId);
        Line("task", $"{e.TaskName} ({e.TaskId})");
        Line("state", State(e.State));
        Line("reason", e.Reason);
        Line("priority", e.Priority.ToString(CultureInfo.InvariantCulture));
        if (e.ExecutionClass.Length > 0) Line("class", e.ExecutionClass);
        Line("options", e.ExecutionMetadataJson);
        Line("cpus", Cpus(e));
        if (e.Pid != 0) Line("pid", e.Pid.ToString(CultureInfo.InvariantCulture));
        if (e.HasExitCode) Line("exit_code", e.ExitCode.ToString(CultureInfo.InvariantCulture));
        Line("enqueued", Time(e.EnqueuedAtUnixMs));
        if (e.StartedAtUnixMs != 0) Line("started", Time(e.StartedAtUnixMs));
        if (e.EndedAtUnixMs != 0) Line("ended", Time(e.EndedAtUnixMs));
        if (e.Usage is { } u)
            Line("usage", $"wall {Seconds(u.WallSeconds)}, cpu {Seconds(u.CpuSeconds)}, peak rss {Bytes(u.PeakRssBytes)}, peak threads {u.PeakThreads}");
        if (e.StdoutPath.Length > 0) Line("stdout", e.StdoutPath);
        if (e.StderrPath.Length > 0) Line("stderr", e.StderrPath);
        if (e.Transitions.Count > 0)
        {
            sb.AppendLine("history");
            foreach (var t in e.Transitions)
                sb.AppendLine($"  {Time(t.AtUnixMs)}  {State(t.From),-9} -> {State(t.To),-9}  {t.Reason}");
        }
        return sb.ToString();
    }

    internal static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
