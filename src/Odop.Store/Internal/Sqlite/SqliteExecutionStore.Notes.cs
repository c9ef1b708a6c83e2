using Odop.Core;

namespace Odop.Store.Internal.Sqlite;

internal sealed partial class SqliteExecutionStore
{
    public Task<int> AddNotesAsync(IReadOnlyList<ExecutionNote> notes, CancellationToken cancellationToken = default)
    {
        Rules.ValidateNotes(notes);
        if (notes.Count == 0) return Task.FromResult(0);
        return WriteAsync("recording history notes", () =>
        {
            var stored = 0;
            foreach (var note in notes) stored += _statements.InsertNote.Execute(note.ExecutionId.Value, Rules.ToTicks(note.At), note.Text);
            return stored;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ExecutionNote>> NotesAsync(ExecutionId executionId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ExecutionNote>>("reading history notes", c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = """
                SELECT n.at, n.text FROM notes AS n JOIN executions AS e ON e.row = n.execution
                WHERE e.id = $id ORDER BY n.row
                """;
            command.Parameters.AddWithValue("$id", executionId.Value);
            using var reader = command.ExecuteReader();
            var notes = new List<ExecutionNote>();
            while (reader.Read()) notes.Add(new ExecutionNote(executionId, Rules.FromTicks(reader.GetInt64(0)), reader.GetString(1)));
            return notes;
        }, cancellationToken);
}
