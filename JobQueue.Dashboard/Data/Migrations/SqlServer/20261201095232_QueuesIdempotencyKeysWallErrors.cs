using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JobQueue.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class QueuesIdempotencyKeysWallErrors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ShowErrors",
                table: "WallKeys",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    RequestHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    StatusCode = table.Column<int>(type: "int", nullable: false),
                    Response = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => new { x.OwnerId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "Queues",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Queues", x => x.Name);
                });

            // Queues became something admins create: every queue jobs were already submitted to, or an admin paused, stays.
            migrationBuilder.Sql("""
                INSERT INTO [Queues] ([Name], [CreatedAt], [CreatedBy])
                SELECT [Queue], MIN([CreatedAt]), N'an earlier JobQueue' FROM [Jobs]
                WHERE [Queue] <> N'' AND LEN([Queue]) <= 64 AND [Queue] COLLATE Latin1_General_BIN NOT LIKE N'%[^a-z0-9._-]%'
                GROUP BY [Queue];
                INSERT INTO [Queues] ([Name], [CreatedAt], [CreatedBy])
                SELECT [Name], [PausedAt], [PausedBy] FROM [PausedQueues] WHERE [Name] NOT IN (SELECT [Name] FROM [Queues]);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyKeys_CreatedAt",
                table: "IdempotencyKeys",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "Queues");

            migrationBuilder.DropColumn(
                name: "ShowErrors",
                table: "WallKeys");
        }
    }
}
