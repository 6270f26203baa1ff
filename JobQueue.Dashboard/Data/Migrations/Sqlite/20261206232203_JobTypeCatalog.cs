using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JobQueue.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JobTypeCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "JobTypes",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Schema = table.Column<string>(type: "TEXT", nullable: false),
                    DefaultTimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultMaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstAdvertisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAdvertisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAdvertisedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobTypes", x => x.Name);
                });

            // A job stored before this kept no timeout of its own (null: its type's default, which the dashboard knew
            // then). Its type's default of that time becomes its own; the timeout is now settled when a job is submitted.
            migrationBuilder.Sql("""
                UPDATE "Jobs" SET "TimeoutSeconds" = CASE "Type"
                    WHEN 'reverse_string' THEN 30 WHEN 'uppercase_text' THEN 30 WHEN 'fibonacci_calc' THEN 60 WHEN 'sleep' THEN 3900
                    ELSE 300 END
                WHERE "TimeoutSeconds" IS NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobTypes");
        }
    }
}
