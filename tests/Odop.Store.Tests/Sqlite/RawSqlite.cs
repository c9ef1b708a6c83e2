using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Odop.Store.Tests.Sqlite;

/// <summary>Direct access to a database file, behind the store's back: to damage it, lock it, or look inside.</summary>
internal static class RawSqlite
{
    static RawSqlite() => SQLitePCL.Batteries_V2.Init();

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static object? Scalar(string path, string sql)
    {
        using var connection = Open(path);
        return Scalar(connection, sql);
    }

    public static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
