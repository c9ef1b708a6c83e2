using System.Text;
using Odop.Protocol.V1;

namespace Odop.Cli.Output;

/// <summary>`odop tasks history`: one line per transition or note, oldest first.</summary>
internal static class HistoryFormat
{
    public static string Text(ExecutionHistory history)
    {
        var e = history.Execution;
        var sb = new StringBuilder();
        sb.AppendLine($"{e.ExecutionId} ({e.TaskName}): {ExecutionFormat.State(e.State)}");
        foreach (var entry in history.Entries)
        {
            var what = entry.EntryCase switch
            {
                HistoryEntry.EntryOneofCase.Transition when entry.Transition.From == ExecutionState.Unspecified =>
                    $"{"",-9}    {ExecutionFormat.State(entry.Transition.To),-9}  {entry.Transition.Reason}",
                HistoryEntry.EntryOneofCase.Transition =>
                    $"{ExecutionFormat.State(entry.Transition.From),-9} -> {ExecutionFormat.State(entry.Transition.To),-9}  {entry.Transition.Reason}",
                HistoryEntry.EntryOneofCase.Note => $"{"note",-9}    {"",-9}  {entry.Note}",
                _ => "",
            };
            sb.AppendLine($"  {ExecutionFormat.Time(entry.AtUnixMs)}  {what}".TrimEnd());
        }
        return sb.ToString();
    }
}
