using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JobQueue.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ListAndOutboxIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_PublishedAt_Status",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_OwnerId_Status_CreatedAt",
                table: "Jobs",
                columns: new[] { "OwnerId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Unpublished",
                table: "Jobs",
                column: "CreatedAt",
                filter: "\"PublishedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_OwnerId_Status_CreatedAt",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_Unpublished",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_PublishedAt_Status",
                table: "Jobs",
                columns: new[] { "PublishedAt", "Status" });
        }
    }
}
