"""Site: render pages to Markdown and publish them with MkDocs and Pagefind."""
