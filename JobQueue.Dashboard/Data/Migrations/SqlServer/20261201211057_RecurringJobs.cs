using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JobQueue.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RecurringJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "Occurrence",
                table: "Jobs",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecurringJobId",
                table: "Jobs",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RecurringJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Cron = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Queue = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Priority = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    MaxAttempts = table.Column<int>(type: "int", nullable: false),
                    TimeoutSeconds = table.Column<int>(type: "int", nullable: true),
                    Overlap = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Missed = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Owner = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Paused = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NextRunAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastRunAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastJobId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SkippedCount = table.Column<int>(type: "int", nullable: false),
                    LastSkippedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastSkipReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecurringJobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_RecurringJobId_CreatedAt",
                table: "Jobs",
                columns: new[] { "RecurringJobId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_RecurringOccurrence",
                table: "Jobs",
                columns: new[] { "RecurringJobId", "Occurrence" },
                unique: true,
                filter: "\"Occurrence\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RecurringJobs_OwnerId_Name",
                table: "RecurringJobs",
                columns: new[] { "OwnerId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_RecurringJobs_Paused_NextRunAt",
                table: "RecurringJobs",
                columns: new[] { "Paused", "NextRunAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecurringJobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_RecurringJobId_CreatedAt",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_RecurringOccurrence",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "Occurrence",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "RecurringJobId",
                table: "Jobs");
        }
    }
}
