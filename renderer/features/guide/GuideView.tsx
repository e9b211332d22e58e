import { Alert, Box, CloseButton, Code, Group, List, Paper, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { guideFor, searchGuide, searchTerms, type GuideBlock, type GuideChapter } from '../../../shared/guide';

const domId = (id: string) => `guide-${id}`;

/** The text with every search term wrapped in <mark> (case-folded, as the search matches). */
function Highlighted({ text, terms }: { text: string; terms: string[] }): ReactNode {
  if (terms.length === 0) return text;
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  const parts = text.split(pattern);
  return parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <Fragment key={i}>{part}</Fragment>));
}

function Block({ block, terms }: { block: GuideBlock; terms: string[] }) {
  const { t } = useTranslation();
  switch (block.kind) {
    case 'p':
      return (
        <Text>
          <Highlighted text={block.text} terms={terms} />
        </Text>
      );
    case 'note':
      return (
        <Alert variant="light" color="orange" title={t('guideUi.note')} icon={<IconInfoCircle size={18} />}>
          <Highlighted text={block.text} terms={terms} />
        </Alert>
      );
    case 'code':
      return (
        // Wrapped, never scrolled sideways: a scrolling box would need a keyboard stop of its own.
        <Code block data-testid="guide-code" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', overflow: 'visible' }}>
          <Highlighted text={block.text} terms={terms} />
        </Code>
      );
    case 'steps':
    case 'list':
      return (
        <List type={block.kind === 'steps' ? 'ordered' : 'unordered'} spacing={4} withPadding>
          {block.items.map((item, i) => (
            <List.Item key={i}>
              <Highlighted text={item} terms={terms} />
            </List.Item>
          ))}
        </List>
      );
  }
}

function focusHeading(id: string): void {
  const heading = document.getElementById(domId(id));
  if (!heading) return;
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

export interface GuideViewProps {
  /** A section (or chapter) id of shared/guide: the view opens there. */
  initialSection?: string | null;
  /** Extra controls beside the search box (the page's 打印手册). */
  actions?: ReactNode;
}

/**
 * The guide (shared/guide), searchable: the box filters sections by title and text and marks the
 * words found; the contents list moves the focus to a chapter's heading. Headings: chapters h3,
 * sections h4 (the page or the dialog has the h2). The guide's text is Chinese: it is marked
 * lang="zh-CN" so that a screen reader reads it as such in the English UI too.
 */
export function GuideView({ initialSection, actions }: GuideViewProps) {
  const { t, i18n } = useTranslation();
  const guide = guideFor(i18n.language);
  const [query, setQuery] = useState('');
  const terms = useMemo(() => searchTerms(query), [query]);
  const chapters: GuideChapter[] = useMemo(() => searchGuide(guide, query), [guide, query]);
  const sectionCount = chapters.reduce((n, c) => n + c.sections.length, 0);
  const opened = useRef(false);

  useEffect(() => {
    if (opened.current || !initialSection) return;
    opened.current = true;
    focusHeading(initialSection);
  }, [initialSection]);

  return (
    <Stack gap="md" data-testid="guide-view">
      <Text c="dimmed">{t('guideUi.intro')}</Text>
      {guide.locale !== i18n.language && (
        <Alert variant="light" color="blue" data-testid="guide-language-note">
          {t('guideUi.englishNote')}
        </Alert>
      )}
      <Group align="flex-end" gap="md">
        <TextInput
          style={{ flex: 1, minWidth: 260 }}
          label={t('guideUi.search')}
          description={t('guideUi.searchHint')}
          placeholder={t('guideUi.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={(event) => event.key === 'Escape' && query !== '' && (event.stopPropagation(), setQuery(''))}
          rightSection={query !== '' ? <CloseButton aria-label={t('guideUi.clearSearch')} onClick={() => setQuery('')} /> : null}
          aria-controls="guide-content"
          data-testid="guide-search"
        />
        {actions}
      </Group>
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="guide-result-count">
        {terms.length > 0 ? t('guideUi.found', { count: sectionCount }) : t('guideUi.foundAll', { count: sectionCount })}
      </Text>
      <Group align="flex-start" gap="xl" wrap="nowrap">
        <Box component="nav" aria-label={t('guideUi.contents')} w={220} style={{ flexShrink: 0, position: 'sticky', top: 72 }} data-testid="guide-toc" lang={guide.locale}>
          <Text fw={700} size="sm" mb={6}>
            {t('guideUi.contents')}
          </Text>
          <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {chapters.map((chapter) => (
              <li key={chapter.id}>
                <UnstyledButton
                  onClick={() => focusHeading(chapter.id)}
                  px={8}
                  py={4}
                  w="100%"
                  style={{ borderRadius: 'var(--mantine-radius-sm)', fontSize: 'var(--mantine-font-size-sm)' }}
                  className="guide-toc-link"
                >
                  {chapter.title}
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        </Box>
        <Stack id="guide-content" gap="xl" style={{ flex: 1, minWidth: 0 }} lang={guide.locale} data-testid="guide-content">
          {chapters.length === 0 && (
            <Text data-testid="guide-no-match" lang={i18n.language}>
              {t('guideUi.noMatch', { query: query.trim() })}
            </Text>
          )}
          {chapters.map((chapter) => (
            <Box component="section" key={chapter.id} aria-labelledby={domId(chapter.id)} data-testid="guide-chapter" data-chapter={chapter.id}>
              <Title order={3} id={domId(chapter.id)} tabIndex={-1} mb="sm" style={{ scrollMarginTop: 72 }}>
                <Highlighted text={chapter.title} terms={terms} />
              </Title>
              <Stack gap="md">
                {chapter.sections.map((section) => (
                  <Paper
                    key={section.id}
                    withBorder
                    p="md"
                    radius="md"
                    data-testid="guide-section"
                    data-section={section.id}
                    data-current={section.id === initialSection ? 'true' : undefined}
                    style={section.id === initialSection ? { borderColor: 'var(--mantine-color-teal-6)', borderWidth: 2 } : undefined}
                  >
                    <Title order={4} id={domId(section.id)} tabIndex={-1} mb="xs" style={{ scrollMarginTop: 72 }}>
                      <Highlighted text={section.title} terms={terms} />
                    </Title>
                    <Stack gap="xs">
                      {section.blocks.map((block, i) => (
                        <Block key={i} block={block} terms={terms} />
                      ))}
                    </Stack>
                  </Paper>
                ))}
              </Stack>
            </Box>
          ))}
        </Stack>
      </Group>
    </Stack>
  );
}
