enum PostgresTestSupportModule {}
