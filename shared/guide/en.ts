import type { Guide } from './types';

/**
 * The user guide in English: the same chapters and sections as zh-CN.ts (same ids, same order; a
 * test checks it), with the English UI's words. The Chinese text is the reference: change it first,
 * then this one. Printed documents stay Chinese (PRINT.md), so the printed 操作手册 is zh-CN.
 */
export const guideEn: Guide = {
  locale: 'en',
  title: 'Haven user guide',
  checkedOn: '2026-11-30',
  chapters: [
    {
      id: 'about',
      title: 'About this guide',
      sections: [
        {
          id: 'about-haven',
          title: 'What Haven is',
          blocks: [
            {
              kind: 'p',
              text: 'Haven (港湾) is an offline desktop application for community drug-rehabilitation stations. Station staff keep one file per person on the office PC, register community detox and community rehab measures, record agreements, report-ins, drug tests, talks and visits, leave, risk assessments and help, and print the official documents.',
            },
            {
              kind: 'p',
              text: 'The data stays on this PC, encrypted, and the app never connects to a network. Opening a file, revealing a full ID number and printing are recorded in the audit log. The county supervisor (禁毒办) collects the stations\' data through signed, encrypted bundles (.haven files).',
            },
          ],
        },
        {
          id: 'about-readers',
          title: 'Who reads which chapter',
          blocks: [
            {
              kind: 'list',
              items: [
                'Caseworkers: Daily work, Measures, Agreements, Leave, Risk and help, Printing.',
                'Station heads and administrators: all of the above, plus First setup, Bundles, Ledger and reports, Backup and restore, When a password or the recovery key is lost.',
                'County supervisors: First setup (choose the supervisor mode), Bundles (import and the stations table), Reports.',
                'IT staff: Backup and restore, When a password or the recovery key is lost, The command line.',
              ],
            },
            {
              kind: 'p',
              text: 'Press F1, click Help in the navigation bar or choose 帮助 Help › User guide in the window\'s menu (the login screen has Help too) to open this guide at the section about the current screen; the search box finds words in titles and text. Print the guide with Print the guide on the Help page (the printed guide is in Chinese).',
            },
            {
              kind: 'p',
              text: 'Wording: the app and this guide speak of persons or service users, never of labels that stigmatise them.',
            },
          ],
        },
        {
          id: 'about-shortcuts',
          title: 'Keyboard shortcuts',
          blocks: [
            {
              kind: 'list',
              items: [
                'F1: open this guide at the section about the current screen.',
                'Ctrl+F: find a person (goes to Case files with the cursor in the search box).',
                'Ctrl+N: new file.',
                'Ctrl+P: print the screen\'s main document (a person\'s case file on the file page); in a print preview, Ctrl+P prints.',
                'Ctrl+L: lock now. The data is closed and the password is needed again.',
                'Ctrl+Enter: submit the current form or dialog (the same as clicking its Save, Record or similar button). Enter alone in a field does not submit.',
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'first-setup',
      title: 'First setup',
      sections: [
        {
          id: 'setup-create',
          title: 'Setting up the station',
          blocks: [
            { kind: 'p', text: 'The first time Haven opens it shows the setup screen. This creates the encrypted data file on this PC and the first administrator account.' },
            {
              kind: 'steps',
              items: [
                'Choose the kind: a community station (keeps persons\' files here), or a county supervisor (keeps no files of its own; imports the stations\' bundles).',
                'Enter the station code (letters, digits or hyphens, e.g. 310115-01) and the station name (shown at the top of the window and on printouts).',
                'Enter the administrator\'s user name (for logging in), name (shown on screens and in the audit log) and password (at least 8 characters; a long sentence is easy to remember), twice.',
                'Click Create. The app makes the encrypted data file and then shows the recovery key (next section).',
              ],
            },
          ],
        },
        {
          id: 'setup-recovery-key',
          title: 'The recovery key: shown once',
          blocks: [
            {
              kind: 'p',
              text: 'The recovery key is 8 groups of 6 digits. If every account\'s password is lost, only this key opens the station\'s data. It is shown this once, at setup.',
            },
            {
              kind: 'steps',
              items: [
                'Click Print recovery key sheet and print it, or copy the key out carefully by hand.',
                'Tick that you have kept the key safe, and type its last group (6 digits) to show it was written down correctly.',
                'Click Continue and log in with the new administrator account.',
                'The sheet is signed by its keeper and a witness, sealed in an envelope and kept in a locked cabinet.',
              ],
            },
            {
              kind: 'note',
              text: 'Whoever holds the recovery key can read all the data: keep it as you keep the official seal. Do not photograph or copy it, and do not keep it on this PC. An administrator can issue a new recovery key later under Settings › Security; the old one stops working at once.',
            },
          ],
        },
        {
          id: 'setup-users',
          title: 'Adding staff accounts',
          blocks: [
            {
              kind: 'steps',
              items: [
                'The administrator opens Settings › Users and clicks Add user.',
                'Enter the user name, name, role (administrator or caseworker) and a first password, then add.',
                'Tell the person the first password face to face. At their first login the app asks for it, then for a new password only they know, before they can work.',
              ],
            },
            {
              kind: 'p',
              text: 'Each account\'s password opens the data file on its own (a key slot). When a staff member leaves, Disable their account under Users: their password no longer opens the data. If they may have kept a copy of the data file, also rotate the master key under Settings › Security.',
            },
          ],
        },
        {
          id: 'setup-settings',
          title: 'The administrator\'s other settings',
          blocks: [
            {
              kind: 'list',
              items: [
                'Settings › Security: minutes without activity before the app locks (1–60, default 5); issue a new recovery key; rotate the master key.',
                'Settings › Backup & restore: the backup folder (a USB stick will do), back up now, how many backups are kept, automatic backups, the daily backup time and the warning, and restoring a backup (see Backup and restore).',
                'Settings › Supervision plan: whether leave needs approval; test and talk intervals by risk level and year; days of warning before a due date; reassessment intervals; staffing ratio; the time limit for reporting a serious breach to the police (default 24 hours). Every person\'s alerts are recomputed after a change.',
                'Settings › Agreement templates: the community detox and community rehab agreement templates (see Agreements).',
                'Settings › Risk scoring: the risk assessment\'s items and thresholds.',
                'Settings › Audit log: every action, filtered by user, action, days and person; export to Excel; print an audit receipt (next section).',
              ],
            },
            {
              kind: 'p',
              text: 'Before a station can send bundles it exchanges keys with its supervisor: see Bundles. An existing Excel ledger of persons can be imported at once: see Ledger and reports.',
            },
          ],
        },
        {
          id: 'setup-audit',
          title: 'The audit log and a file\'s access history',
          blocks: [
            {
              kind: 'p',
              text: 'Logins, locks, opening files, revealing full ID numbers, viewing photos and scans, printing, setting changes and every record are written to the audit log. It is append-only and each event is chained to the one before: removing or changing one is detected.',
            },
            {
              kind: 'list',
              items: [
                'A file\'s Access history button shows who looked at that file; it can be printed (administrators).',
                'Check the log\'s integrity checks the whole chain.',
                'Print an audit receipt about once a month and keep it away from the PC; typing its event number and link back later proves the log up to that event was not rewritten.',
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'daily-work',
      title: 'Daily work',
      sections: [
        {
          id: 'login-lock',
          title: 'Logging in and locking',
          blocks: [
            {
              kind: 'p',
              text: 'Haven asks for the user name and password each time it opens. After the set minutes without activity, when the PC\'s screen locks, or on Lock (Ctrl+L), the data is closed and only the login screen shows; the password opens it again. Text typed into a form but not yet saved (a talk summary, a reason, a note) is kept: when the same user logs in again and opens the same form, it is filled back in; dates, choices and other fields are not kept and must be entered again. Logging out keeps nothing unsaved, and Haven asks first if something is.',
            },
            {
              kind: 'p',
              text: 'After 5 wrong passwords each further try waits 30 seconds, doubling up to 15 minutes. A forgotten password: see When a password or the recovery key is lost.',
            },
          ],
        },
        {
          id: 'dashboard',
          title: 'Dashboard',
          blocks: [
            {
              kind: 'p',
              text: 'After logging in the dashboard shows today\'s work by kind with counts: serious breaches to report to the police, report-ins due and not made on time, tests and talks due soon or overdue, leave not returned, terms ending, agreements missing, risk reassessments, three years drug-free, staffing below the ratio. A card opens that group of the worklist.',
            },
            { kind: 'p', text: 'When the last backup is older than the setting (default 7 days), or there is none, the dashboard says so with a button to back up.' },
          ],
        },
        {
          id: 'worklist',
          title: 'Worklist',
          blocks: [
            {
              kind: 'p',
              text: 'The worklist shows each alert as a row: which rule, which facts, which article of the law. Each row opens the person\'s file or the record concerned and offers the action that clears it (record a test or a talk, check in from leave, record a violation, report to the police, sign an agreement, assess risk). Filter by caseworker, or Export to Excel.',
            },
            {
              kind: 'list',
              items: [
                'An alert goes away once it is dealt with (a test recorded clears "test overdue").',
                'Dismiss hides an alert this once, with a reason written to the audit log; it comes back if the situation does.',
                'A serious breach (not reporting in without a good reason, refusing or evading tests three times or more, leaving the area three times or for more than thirty days in all, a positive test) cannot be dismissed: record a violation and report it to the police, or record a good reason someone decided. Past the station\'s time limit it is marked as late.',
              ],
            },
          ],
        },
        {
          id: 'persons',
          title: 'Case files and a new file',
          blocks: [
            {
              kind: 'p',
              text: 'Case files lists the station\'s files. The search box finds names, pinyin or initials (zs finds 张三), and pieces of ID or phone numbers (Ctrl+F). Filter by measure kind and state, caseworker and risk level; tick Archived to see archived files.',
            },
            {
              kind: 'steps',
              items: [
                'Click New file (Ctrl+N).',
                'Enter the name and the ID number: its check digit is checked, and the birth date and sex come from it; a number that already has a file is shown, with a button to open that file.',
                'Fill in education and work, family contacts, substance-use history (used only for help plans and risk assessment), protective circumstances and the caseworker as needed.',
                'Create the file.',
              ],
            },
          ],
        },
        {
          id: 'person-file',
          title: 'A person\'s file',
          blocks: [
            {
              kind: 'p',
              text: 'The top of a file shows the name, current measure, risk level and caseworker. The ID number shows only its first and last digits; Show reveals it, which is audited, and it hides again when you leave the page.',
            },
            {
              kind: 'list',
              items: [
                'Details: view and edit the file.',
                'Measures: decisions, report-in, suspension, resumption, completion, termination, change of place (see Measures).',
                'Working group: full-time staff, community police, community medic, family members, volunteers.',
                'Supervision: alerts, drug tests, talks and visits, leave, absences, violations.',
                'Agreement: draft, print, sign and void agreements (see Agreements).',
                'Care and help: risk assessment, key care, help plans, three years drug-free (see Risk and help).',
                'Attachments: photos (JPEG, PNG) and scans (JPEG, PNG, PDF), stored encrypted in the database.',
                'Timeline: every record by date.',
              ],
            },
            {
              kind: 'p',
              text: 'File actions: Archive takes a file out of the daily lists without deleting it (it can be restored at any time); deleting for good is only for a file made by mistake (a duplicate), confirmed by typing the name and a reason, and cannot be undone.',
            },
          ],
        },
        {
          id: 'tests',
          title: 'Drug tests',
          blocks: [
            {
              kind: 'steps',
              items: [
                'In the file\'s Supervision › Drug tests, click Record test (or Record test on the worklist).',
                'Enter the date, sample, mode, result (negative, positive, refused or missed), testers and place; tick unannounced if it was.',
                'Save.',
              ],
            },
            {
              kind: 'list',
              items: [
                'A test on site is done by two staff or more; a woman\'s urine sample is collected by a woman; a positive sample is sealed as A and B. Procedure points not yet in the record are listed as hints and do not stop saving.',
                'A positive result is reported to the police and appears on the worklist.',
                'Refusing or evading tests three times or more is a serious breach. When a good reason was decided, record it (reason, who decided, date) and that test no longer counts.',
                'A mistake is corrected with Correct (with a reason); a record in the wrong file or entered twice is deleted as an entry error.',
              ],
            },
          ],
        },
        {
          id: 'contacts',
          title: 'Talks and visits',
          blocks: [
            {
              kind: 'steps',
              items: [
                'In Supervision › Talks and visits, click Record talk or visit.',
                'Choose the kind (face to face, home visit, phone, video, group activity); enter the date, staff, who else took part, what was said, the next step and the next date.',
                'Save. The next talk falls due by the supervision plan\'s interval and shows on the worklist before it.',
              ],
            },
          ],
        },
        {
          id: 'absences-violations',
          title: 'Absences and violations',
          blocks: [
            {
              kind: 'list',
              items: [
                'Absence: in Supervision › Absences, Record absence, and record the return when the person is back. Days of leave not returned are counted automatically and cannot be edited there.',
                'Violation: in Supervision › Violations, Record violation with its severity (general or serious) and handling; a serious one is reported with Report to police (date and to whom).',
                'A violation recorded from a serious alert keeps the rule, the facts and the article it rests on.',
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'measures',
      title: 'Measures',
      sections: [
        {
          id: 'measures-register',
          title: 'Registering a decision',
          blocks: [
            {
              kind: 'p',
              text: 'When the police\'s decision ordering community detox or community rehab arrives, register it in the file\'s Measures. One measure at a time can be open.',
            },
            {
              kind: 'steps',
              items: [
                'Choose the kind: community detox (always 36 months, Anti-Drug Law art. 33) or community rehab (1–36 months, as decided).',
                'Enter the decision\'s number, authority, date and delivery date. The report-in deadline follows from delivery (within 15 days).',
                'From compulsory isolation to community detox, enter the days credited.',
                'Register. The measure waits for report-in, and the deadline is on the worklist.',
              ],
            },
            { kind: 'p', text: 'A wrong decision is corrected with Correct decision; each old and new value is written to the audit log.' },
          ],
        },
        {
          id: 'measures-report-in',
          title: 'Report-in',
          blocks: [
            {
              kind: 'p',
              text: 'When the person reports in at the station, choose Report in on the measure and enter the date. The term runs from that day and the planned end is shown. The report-in form can be printed.',
            },
            {
              kind: 'note',
              text: 'A report-in after the deadline without a good reason counts as refusing the measure (Drug Rehabilitation Regulations art. 14): it stays on the worklist as a serious breach to report to the police. With a good reason, record it at report-in or later (reason, who decided, date, optionally a scan from the file).',
            },
          ],
        },
        {
          id: 'measures-changes',
          title: 'Suspension, resumption, change of place',
          blocks: [
            {
              kind: 'list',
              items: [
                'Suspend: when the person is detained or arrested. Suspended days do not count; the planned end moves by them.',
                'Resume: when the reason has ended; the suspended days extend the term.',
                'Change of place (transfer out): enter where to. The file goes to the new place and the term continues; not while suspended (record the resumption first). Then Export transfer bundle from the file to send the whole file to the receiving station (see Bundles); the agreement is voided and signed again there.',
              ],
            },
          ],
        },
        {
          id: 'measures-discharge',
          title: 'Completion and termination',
          blocks: [
            {
              kind: 'list',
              items: [
                'Complete: when the term is over and the police issued the discharge notice, choose Complete with the date, and record the discharge notice (number, date issued, date the station was told); a missing notice shows on the worklist.',
                'Terminate: sentenced to prison, compulsory isolation, death and other reasons, with the reason\'s kind and words.',
                'While a serious breach is not reported to the police, completion and archiving are refused: deal with it first.',
                'After completion or termination, print the ending record.',
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'agreements',
      title: 'Agreements',
      sections: [
        {
          id: 'agreements-sign',
          title: 'Drafting, printing and signing',
          blocks: [
            {
              kind: 'p',
              text: 'After report-in the person signs a community detox (or rehab) agreement (Regulations art. 16, art. 38 for rehab). It is drafted from the current template; once signed, its text and its SHA-256 checksum never change.',
            },
            {
              kind: 'steps',
              items: [
                'In the file\'s Agreement, on a reported-in measure, click Draft agreement: the person\'s, the measure\'s and the working group\'s details fill the template.',
                'Preview and print the draft; the person, the station\'s officer and a family member sign it.',
                'Mark as signed with the signing date (not before report-in, not after today) and confirm.',
                'Upload signed scan to keep the signed agreement (JPEG, PNG or PDF) in the file.',
              ],
            },
            {
              kind: 'p',
              text: 'To change a signed agreement (after a change of place it is signed again, Regulations art. 22), Void it with a reason, then draft and sign a new one. The old text and checksum stay on record.',
            },
          ],
        },
        {
          id: 'agreements-templates',
          title: 'Agreement templates',
          blocks: [
            {
              kind: 'p',
              text: 'Administrators edit the templates under Settings › Agreement templates. Placeholders (name, decision number, working group…) are filled from the file when an agreement is drafted. A template must have headed parts for the measures, the rules to follow and the liability for breach, or it is not saved.',
            },
            { kind: 'p', text: 'Each save is a new version; agreements already drafted or signed keep their version and text.' },
          ],
        },
      ],
    },
    {
      id: 'leave',
      title: 'Leave',
      sections: [
        {
          id: 'leave-request',
          title: 'Leave requests and written reports',
          blocks: [
            {
              kind: 'p',
              text: 'Leaving the county for three days or more needs a written report (Regulations art. 19). Whether the station approves leave or takes written reports is set by an administrator in Settings › Supervision plan.',
            },
            {
              kind: 'steps',
              items: [
                'In Supervision › Leave, click New leave request (with approval) or Register written report.',
                'Enter the reason, where to (province, city, county, address), first and last day; the days are counted, both ends included.',
                'With approval, the approver clicks Decide and approves or refuses (a refusal says why).',
                'Print form prints the leave form.',
                'Leave not yet used can be withdrawn, with a reason.',
              ],
            },
          ],
        },
        {
          id: 'leave-return',
          title: 'Checking in',
          blocks: [
            {
              kind: 'p',
              text: 'When the person is back, click Check in with the return date. Leave ends on its last day; the days after it are counted as an absence automatically. Leave not checked in shows on the worklist.',
            },
          ],
        },
      ],
    },
    {
      id: 'care',
      title: 'Risk and help',
      sections: [
        {
          id: 'care-risk',
          title: 'Risk assessment',
          blocks: [
            {
              kind: 'steps',
              items: [
                'In Care and help › Risk assessment, click New assessment.',
                'Choose for each item the answer that fits best. The items\' points and the points from the file (earlier episodes, time drug-free, violations and positive tests in the last year) are added up and the scoring table suggests a level.',
                'The suggested level is used unless you choose another with a reason (audited).',
                'Save. The next assessment falls due by the supervision plan and shows on the worklist.',
              ],
            },
            { kind: 'p', text: 'The risk level sets the test and talk intervals. Administrators change the items and thresholds under Settings › Risk scoring.' },
            {
              kind: 'p',
              text: 'An assessment with a wrong answer is corrected from its row menu (Correct, with a reason); one entered in the wrong file or twice is removed with Remove (entered by mistake), also with a reason. The file\'s level then follows the newest assessment left (Not assessed if none is left), and the audit keeps what was deleted.',
            },
          ],
        },
        {
          id: 'care-key',
          title: 'Key care',
          blocks: [
            {
              kind: 'p',
              text: 'A person can be listed for key care under one of the ten national categories, with a start date and a note, and an end date when it no longer applies. Key care is for timely help, not a sanction.',
            },
          ],
        },
        {
          id: 'care-help',
          title: 'Help plans (one plan per person)',
          blocks: [
            {
              kind: 'steps',
              items: [
                'The caseworker makes a New help plan: needs (employment, skills training, minimum allowance, counselling, legal aid…), a note and goals; it then waits for approval.',
                'The station head (an administrator) approves or refuses it, with a note; a changed plan is approved again.',
                'Add the plan\'s items (category, department, what, planned date).',
                'When an item is done, enter its done date and outcome: it then counts as help given in Reports.',
              ],
            },
          ],
        },
        {
          id: 'care-clean',
          title: 'Three years drug-free',
          blocks: [
            {
              kind: 'p',
              text: 'Persons who meet the three-years-drug-free condition show on the worklist. Recording the decision under Care and help › Three years drug-free ends dynamic supervision and counts in the consolidation rate.',
            },
          ],
        },
      ],
    },
    {
      id: 'printing',
      title: 'Printing',
      sections: [
        {
          id: 'printing-how',
          title: 'Printing and saving as PDF',
          blocks: [
            {
              kind: 'steps',
              items: ['Click a document\'s print button (or press Ctrl+P): the print preview opens.', 'Print sends it to the printer; Save as PDF asks where to save it.'],
            },
            {
              kind: 'p',
              text: 'Printouts are A4 after GB/T 9704 (official documents), in the bundled Noto Serif SC font, independent of the PC\'s fonts; every page has "第 X 页 共 Y 页" at the foot and who printed it and when at the top. Every printout is audited. Printed documents are in Chinese.',
            },
          ],
        },
        {
          id: 'printing-documents',
          title: 'What can be printed',
          blocks: [
            {
              kind: 'list',
              items: [
                'Case file (the Print buttons at the top of a file): cover, details, measures and their changes, agreements, working group, tests, talks, leave, violations, risk and help.',
                'Community detox / rehab agreement (Agreement › Preview and print).',
                'Leave form (Leave › Print form).',
                'Report-in form and ending record (the Print buttons at the top of a file).',
                'Access history and audit receipt (administrators).',
                'Figures and the monthly report (Reports).',
                'Recovery key sheet (at setup or a new recovery key) and key sheet (Import / export › Print key sheet).',
                'This guide (Help › Print the guide).',
              ],
            },
            { kind: 'note', text: 'Printouts hold personal data: keep them safe, file or shred them when no longer needed.' },
          ],
        },
      ],
    },
    {
      id: 'bundles',
      title: 'Bundles',
      sections: [
        {
          id: 'bundles-what',
          title: 'What a bundle is',
          blocks: [
            {
              kind: 'p',
              text: 'A station exports its data, encrypted and signed, as a bundle (.haven file) and takes it to the county supervisor on a USB stick. Only the registered recipient can open it, it proves it comes from the station, and any change to it is detected. Export, import and recipients are for administrators, under Import / export.',
            },
            {
              kind: 'list',
              items: [
                'Whole files: every file and record of the station, for the supervisor\'s database.',
                'Figures only: counts, no personal data.',
                'Transfer: one person\'s whole file for the receiving station after a change of place.',
              ],
            },
          ],
        },
        {
          id: 'bundles-keys',
          title: 'Exchanging keys (once)',
          blocks: [
            {
              kind: 'steps',
              items: [
                'The supervisor prints its key sheet (Import / export › Print key sheet, with its recipient key and fingerprint) for each station.',
                'The station\'s administrator clicks Register a recipient under Import / export › Recipients, enters the recipient key (starting with age1) and fingerprint from the sheet, and clicks Compare and register.',
                'The station prints its own key sheet for the supervisor, who compares the signing fingerprint at the first import.',
              ],
            },
            { kind: 'note', text: 'Compare fingerprints group by group in person or by phone, never from the received file alone.' },
          ],
        },
        {
          id: 'bundles-export',
          title: 'At a station: sending a bundle',
          blocks: [
            {
              kind: 'steps',
              items: [
                'Under Import / export › Export, choose the recipient and the content (whole files or figures) and click Make the bundle. The progress panel shows the step and can stop it.',
                'Then Save as… onto a USB stick. Only a saved bundle is recorded as sent and uses a number; a cancelled save records nothing.',
                'Give the stick to the supervisor. Sent lists every bundle sent.',
              ],
            },
          ],
        },
        {
          id: 'bundles-import',
          title: 'At the supervisor: importing bundles',
          blocks: [
            {
              kind: 'steps',
              items: [
                'Under Import / export › Import, click Choose bundle files… (several .haven files at once), then Import.',
                'The first bundle of a station asks for its fingerprint: compare it with that station\'s printed key sheet group by group, type it, and import again.',
                'The import shows its progress; the window keeps answering meanwhile.',
                'The stations table shows first, after each station\'s name, what may need action: the age of its last full-records bundle, serious breaches not reported to the police and persons past the report-in deadline who have still not come (one who came late is a serious breach instead); then its measures, staffing, files, last number and import. A station without new full records for longer than the setting (default 35 days) is marked red (figures alone do not update its files); a station sending figures only is marked so; an audit-log flag means its log may have been rewritten: ask the station.',
              ],
            },
            {
              kind: 'p',
              text: 'The worklist and the dashboard evaluate each station\'s latest files as of today. Where a station\'s files are older than the setting, a notice at the top names it with its "data as of" date, and each worklist row says how far its station\'s files go (items fallen due since may already be done there). Reports name the stations whose files end before the day the report is read on; figures reported by stations are a section of their own, never added to the totals. A person on file at two stations (a change of place) counts once, at the station holding the newest measure.',
            },
            {
              kind: 'p',
              text: 'A damaged or unsigned bundle, one not for this supervisor or older than the last imported, is refused and changes nothing; the same bundle twice is "already imported". After a station is reinstalled or its keys replaced, its key is replaced only after a phone call and a comparison with its new key sheet. A bundle whose number was used before but made later than the last one imported says the station was probably restored from a backup: once the station confirms, Accept renumbering with a reason. A supervisor\'s database is read-only: no file can be changed there.',
            },
          ],
        },
        {
          id: 'bundles-transfer',
          title: 'Change of place: moving a file',
          blocks: [
            {
              kind: 'steps',
              items: [
                'The receiving station is registered as a recipient (exchange key sheets as above).',
                'After the change of place under Measures, click Export transfer bundle in the file, choose the receiving station, and Create and save.',
                'The receiving station imports it under Import / export › Import; the file arrives with all its records and the term continues.',
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'ledger-reports',
      title: 'Ledger and reports',
      sections: [
        {
          id: 'ledger-import',
          title: 'Importing an Excel ledger',
          blocks: [
            {
              kind: 'steps',
              items: [
                'In Case files, click Import ledger, then Choose an Excel file…. Only .xlsx is read (at most 30 MB and 50,000 rows); save an .xls or .csv as .xlsx in Excel or WPS first.',
                'Choose the sheet and the header row, and check which field each column is (suggested from common Chinese headers and remembered); name and ID number must be mapped, columns not needed are skipped.',
                'Check every row: each is checked as the forms check it (ID check digit, dates, duplicates in the file, the measure rules). Bad rows are listed by row and column and can be downloaded as .xlsx to fix.',
                'Import: all rows in one go. Importing the same file again makes no duplicates; existing files are matched by ID number and their changes listed before they are updated.',
              ],
            },
          ],
        },
        {
          id: 'ledger-export',
          title: 'Exporting to Excel',
          blocks: [
            {
              kind: 'p',
              text: 'Case files (with its filters and chosen columns) and the worklist have Export to Excel: Chinese or English headers, a frozen header row, real dates. ID numbers are masked unless an administrator gives a reason, which is audited.',
            },
          ],
        },
        {
          id: 'reports',
          title: 'Reports',
          blocks: [
            {
              kind: 'p',
              text: 'Reports counts a period (this month, last month, this year or chosen dates): decisions, report-ins (on time, late, missing, not yet due), tests, talks and visits, leave, violations and police reports, endings, help given, and the report-in, control and consolidation rates. Each figure has its formula beside it.',
            },
            {
              kind: 'list',
              items: [
                'Print the period\'s figures; for a calendar month, the monthly report (with preparer, reviewer and seal).',
                'Save the figures as .xlsx.',
                'A supervisor sees each station\'s figures and the total.',
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'backups',
      title: 'Backup and restore',
      sections: [
        {
          id: 'backups-files',
          title: 'What to back up',
          blocks: [
            {
              kind: 'p',
              text: 'All of a station\'s data is in two files in the data folder: haven.db (the encrypted data file) and haven.db.keys (the key slots: the master key wrapped once per user password and once by the recovery key). Back them up and restore them together; neither opens without a password or the recovery key.',
            },
            {
              kind: 'list',
              items: [
                'Windows: %APPDATA%\\Haven\\data\\',
                'Linux: ~/.config/Haven/data/',
                'IT staff can put the data folder elsewhere in haven.json (see Where the data is, under The command line).',
                'Each backup is a pair of files too: haven-YYYYMMDD-HHMMSS.db (China time) with its .keys file of the same name beside it. When a backup is copied or moved, keep both files in the same folder.',
              ],
            },
          ],
        },
        {
          id: 'backups-folder',
          title: 'The backup folder (a USB stick will do)',
          blocks: [
            {
              kind: 'p',
              text: 'Backups go to the backups folder inside the data folder by default. If the PC breaks, backups kept there are lost with the data, so an administrator should choose a folder on a USB stick or another drive.',
            },
            {
              kind: 'steps',
              items: [
                'An administrator opens Settings › Backup & restore and, under Backup folder, clicks Choose backup folder….',
                'Choose the folder in the window that opens (for example a folder on a USB stick). The app checks it first: it exists, files can be written in it, and it is not a temporary folder the app empties; the page then shows Backup folder set to: ….',
                'To go back to the backups folder inside the data folder, click Use the default folder.',
              ],
            },
            {
              kind: 'list',
              items: [
                'A change of backup folder is recorded in the audit log.',
                'When the backup folder is on a USB stick, keep the stick plugged in for backups. If it is unplugged (the folder cannot be found), that backup is not made: the app says the backup folder cannot be found and to plug the stick in and try again, and the failed backup is recorded in the audit log; nothing else changes. Plug the stick in and click Back up now. When the daily scheduled backup fails this way, the window says so at the top right.',
                'The page also warns in advance when the chosen folder cannot be found.',
              ],
            },
          ],
        },
        {
          id: 'backups-app',
          title: 'Backing up in the app',
          blocks: [
            {
              kind: 'steps',
              items: ['An administrator opens Settings › Backup & restore and clicks Back up now.', 'The app writes a backup, checks it, renames it into place, and shows the last backup\'s time and file. The bar at the bottom right shows how many MB are written; with much data this takes some seconds, during which you can go on viewing and recording.'],
            },
            {
              kind: 'list',
              items: [
                'A backup is encrypted as the data file is (key slots included): any password or the recovery key valid when it was made opens it.',
                'Backups go to the backup folder (previous section). While it is still the default folder, copy it to a USB stick or another PC regularly, or have IT staff back up to a USB stick with haven backup (see The command line).',
                'Backups kept (default 10): older ones are removed.',
                'Automatic backup every (days) (default 1 day): at lock, logout or exit, when the last backup is that old; 0 means only by hand.',
                'Daily backup time (e.g. 18:00): while the app is open and unlocked, a backup is made once this time has come, unless one was made since; empty means none. With automatic backups set to 0 there is no daily backup either.',
                'Warn after (days) (default 7 days): the dashboard shows a warning and a Back up button when the last backup is older, or when there has never been one.',
                'The page lists the backups already in the backup folder (file, time made, size).',
              ],
            },
          ],
        },
        {
          id: 'backups-restore',
          title: 'Restoring in the app',
          blocks: [
            {
              kind: 'p',
              text: 'A restore replaces the current data with a backup; only an administrator can do it. Make sure it is needed (for example a damaged data file) and talk it over with the station head first.',
            },
            {
              kind: 'steps',
              items: [
                'An administrator opens Settings › Backup & restore and goes to Restore.',
                'Choose the backup in the list: for each backup in the backup folder it shows when it was made, its size, who made it, and a Check column (Opens / Needs the password of its time / Does not open: whether it opens with the current key). For a backup elsewhere (another USB stick, say), click Choose a backup file from elsewhere… and pick the .db file in the window that opens (its .keys file must be in the same folder).',
                'Under Open the backup with, choose My password or Recovery key, type your password of the time of the backup (a backup holds the passwords of its time) or the recovery key of that time, and click Check backup.',
                'The app opens the backup read-only and checks it: it passes the integrity check, its data structure is not newer than this app, it is the same kind of database as the current one (station or supervisor), and, when opened with a password, you are a valid administrator in it. Nothing is written in this step. Then it says The backup opened and passed the integrity check.',
                'The page shows the Backup and the Current data (to be replaced) side by side: time (or last change), station, files, audit events. Compare them carefully.',
                'Type the station code as asked, to confirm, and click Restore this backup. The app shows its progress: copying the backup, opening and checking the backup, keeping the current files and putting the backup in place.',
                'Afterwards everyone logs in again; the login screen says The data was restored from a backup; please log in again.',
              ],
            },
            {
              kind: 'note',
              text: 'A restore takes the data back to the backup\'s time: what was added or changed since is not in the restored data and must be entered again. The replaced current files are not deleted (next section); IT staff can get them back.',
            },
          ],
        },
        {
          id: 'backups-restore-safety',
          title: 'How the current data is kept during a restore',
          blocks: [
            {
              kind: 'list',
              items: [
                'The backup is first copied beside the data file and checked again; only then are the current files touched.',
                'The current files are renamed and kept in the data folder: haven-before-restore-<time>.db with its .keys file of the same name. If that name is taken a new one is used; nothing is ever overwritten.',
                'If any step fails, the current files are put back as they were and the data is unchanged.',
                'The restore is recorded in the restored data\'s audit log; restore-log.txt beside the data file gets one line per restore or refusal (time, file names, reason; nothing personal).',
                'To go back to the data from before the restore, IT staff can point haven restore --from at haven-before-restore-<time>.db (see The command line).',
                'haven restore on the command line is the same code: the same checks of the backup, the current files kept and put back on failure, the same restore-log.txt; it opens the backup with an administrator\'s password of its time and asks for no station code.',
              ],
            },
          ],
        },
        {
          id: 'backups-damage',
          title: 'When the data file is damaged',
          blocks: [
            {
              kind: 'p',
              text: 'After every login the app checks the whole data file in the background. Damage found shows a red banner (view and print only): stop recording; an administrator restores the latest backup in Settings › Backup & restore, or asks IT staff to. A data file or journal (WAL) that is damaged is never replaced or changed by the app; it points to the backups and haven check. Nobody can log in then, so IT staff restore with haven restore; a WAL damaged part-way is recovered by IT staff with haven recover-wal.',
            },
          ],
        },
      ],
    },
    {
      id: 'lost-password',
      title: 'When a password or the recovery key is lost',
      sections: [
        {
          id: 'lost-staff-password',
          title: 'A staff member forgot their password',
          blocks: [
            {
              kind: 'steps',
              items: [
                'An administrator opens Settings › Users, clicks Reset password on that person\'s row, and tells them the new password face to face.',
                'At their next login the app asks them to set a password only they know.',
              ],
            },
            { kind: 'p', text: 'Administrators neither know nor can see anyone\'s password; a reset is audited.' },
          ],
        },
        {
          id: 'lost-admin-password',
          title: 'An administrator forgot their password',
          blocks: [
            {
              kind: 'list',
              items: [
                'Another administrator of the station resets it under Users.',
                'Without another administrator, use the recovery key: on the login screen click Forgot your password? Use the recovery key, enter the key (8 groups of 6 digits), the user name and a new password, and click Reset password and log in.',
              ],
            },
            { kind: 'p', text: 'The recovery key can set a new password for any account, caseworkers too. It is audited.' },
          ],
        },
        {
          id: 'lost-recovery-key',
          title: 'The recovery key is lost or may have leaked',
          blocks: [
            {
              kind: 'steps',
              items: [
                'While an administrator can still log in: Settings › Security › Issue a new recovery key, confirmed with your password. The old key stops working at once.',
                'Print the new recovery key sheet as at setup, sign and seal it; record the old sheet as destroyed.',
                'If the data file itself may have been copied (a lost PC or USB stick, a former staff member with a copy), also Rotate master key under Settings › Security: the data is re-encrypted, old copies do not open with the new passwords, every other user needs a password reset by an administrator, and a new recovery key is issued.',
              ],
            },
          ],
        },
        {
          id: 'lost-everything',
          title: 'Every password and the recovery key are lost',
          blocks: [
            {
              kind: 'p',
              text: 'By design the data opens only with a valid password or the recovery key; neither the app nor IT staff have a back door. If every password and the recovery key are lost, the current data file can no longer be opened.',
            },
            {
              kind: 'list',
              items: [
                'A backup keeps the key slots of its day: if someone remembers an older password of an administrator account (before a change), IT staff can restore, with haven restore and that old password, a backup made while that password was valid (nobody can log in to the app then, so it cannot be restored in the app).',
                'What was sent to the supervisor is still in the supervisor\'s database.',
                'Learn from it: have two administrators at least, and keep the recovery key sheet as the rules say.',
              ],
            },
          ],
        },
        {
          id: 'lost-emergency',
          title: 'Reading the data with standard tools in an emergency',
          blocks: [
            {
              kind: 'p',
              text: 'The data file is a standard SQLCipher 4 database. With the recovery key, IT staff get the master key (64 hex digits) with haven raw-key and open the file with the official sqlcipher tool, without Haven (see The command line). Keep the master key as secret as the recovery key.',
            },
          ],
        },
      ],
    },
    {
      id: 'command-line',
      title: 'The command line (IT staff)',
      sections: [
        {
          id: 'cli-start',
          title: 'Where to run it',
          blocks: [
            {
              kind: 'p',
              text: 'The installed app has its own command line; the PC needs no Node. On Windows haven.cmd is in the installation folder (beside Haven.exe), on Linux it is haven, beside the program; both run Haven --cli <command>. Open a Command Prompt in the installation folder and run, for example:',
            },
            { kind: 'code', text: 'cd /d "Haven installation folder"\nhaven --help' },
            {
              kind: 'list',
              items: [
                'The installation folder is chosen at install; to find it, right-click the 港湾 Haven shortcut on the desktop or in the Start menu and choose Open file location.',
                'Passwords come from --password-stdin (standard input) or the HAVEN_PASSWORD variable, the user from --user or HAVEN_USER.',
                'Messages are in Chinese; HAVEN_LANG=en switches to English. Exit status 0 on success, otherwise non-zero with one line saying why.',
                'Most commands take --json for machine-readable output.',
                'Close Haven before anything but a backup (restore, recover-wal).',
              ],
            },
          ],
        },
        {
          id: 'cli-data-folder',
          title: 'Where the data is',
          blocks: [
            {
              kind: 'list',
              items: [
                'Windows: %APPDATA%\\Haven\\data\\haven.db and haven.db.keys',
                'Linux: ~/.config/Haven/data/haven.db and haven.db.keys',
                'To keep the data on another drive (a shared office PC\'s data drive), write { "dataDir": "D:\\\\HavenData" } (an absolute path) into %APPDATA%\\Haven\\haven.json (Linux: ~/.config/Haven/haven.json). A missing or malformed file means the default folder.',
              ],
            },
          ],
        },
        {
          id: 'cli-backup',
          title: 'backup: to a USB stick',
          blocks: [
            { kind: 'p', text: 'Writes a checked, encrypted backup with its key file (the same name plus .keys), straight onto a USB stick if you like.' },
            { kind: 'code', text: 'set HAVEN_PASSWORD=the admin password\nhaven backup --db "%APPDATA%\\Haven\\data\\haven.db" --user admin --out E:\\haven-2026-11-30.db' },
          ],
        },
        {
          id: 'cli-check',
          title: 'check: checking the data file',
          blocks: [
            {
              kind: 'p',
              text: 'Checks the database\'s integrity and the audit log\'s chain (its first event and append-only triggers too), against an audit receipt\'s event and link (--anchor) or an older backup (--against) if given. Exit status 1 on any problem, naming the first broken link.',
            },
            {
              kind: 'code',
              text: 'haven check --db "%APPDATA%\\Haven\\data\\haven.db" --user admin\nhaven check --db "%APPDATA%\\Haven\\data\\haven.db" --user admin --anchor 1234:3f2a9c4107bed5e8\nhaven check --db "%APPDATA%\\Haven\\data\\haven.db" --user admin --against E:\\haven-2026-11-01.db',
            },
          ],
        },
        {
          id: 'cli-restore',
          title: 'restore: from a backup',
          blocks: [
            {
              kind: 'p',
              text: 'For when nobody can log in to the app (a damaged data file, say, or one that does not open); when an administrator can log in, restore in Settings › Backup & restore instead (see Backup and restore). Close Haven first. It is the same code as the restore in the app: the backup must open with the given administrator\'s password of its time, pass the integrity check and not be newer than the app before it replaces the current files, which are renamed and kept as haven-before-restore-<time>.db with its .keys file of the same name (never overwritten), and put back if any step fails; restore-log.txt beside the data file records each restore or refusal. To go back to the data from before a restore, point --from at that kept file.',
            },
            { kind: 'code', text: 'haven restore --db "%APPDATA%\\Haven\\data\\haven.db" --user admin --from E:\\haven-2026-11-30.db' },
          ],
        },
        {
          id: 'cli-recover-wal',
          title: 'recover-wal: a journal damaged part-way',
          blocks: [
            {
              kind: 'p',
              text: 'When the app refuses a data file whose journal (WAL) is damaged (administrator). Keeps copies of the WAL and the data file beside them, recovers what lies before the damage, checks, and audits.',
            },
            { kind: 'code', text: 'haven recover-wal --db "%APPDATA%\\Haven\\data\\haven.db" --user admin' },
          ],
        },
        {
          id: 'cli-raw-key',
          title: 'raw-key: the master key from the recovery key',
          blocks: [
            {
              kind: 'p',
              text: 'Emergency access with standard tools: reads the recovery key on standard input and prints the master key (64 hex digits). Then open the file with the official sqlcipher: sqlcipher haven.db, then PRAGMA key = "x\'<64 hex digits>\'";.',
            },
            { kind: 'code', text: 'echo 123456-…-123456| haven raw-key --db "%APPDATA%\\Haven\\data\\haven.db"' },
            { kind: 'note', text: 'The master key opens all the data: never save it to a file, and close the window when done.' },
          ],
        },
        {
          id: 'cli-bundles',
          title: 'keys, export, verify, import: bundles',
          blocks: [
            {
              kind: 'p',
              text: 'What Import / export does, for batches. keys prints this database\'s signing key, recipient and fingerprints; export makes a bundle (the first export to a recipient needs --confirm-fingerprint); verify checks the signature without decrypting; import imports at the supervisor (a new station needs --confirm-fingerprint).',
            },
            {
              kind: 'code',
              text: [
                'haven keys --db sup.db --user admin --out E:\\keys',
                'haven export --db haven.db --user admin --to E:\\keys\\SUP-01.recipient.txt --out E:\\ --kind full',
                'haven verify E:\\JS-NJ-01-full-1-2026-03-02.haven --trust E:\\keys\\JS-NJ-01.pub',
                'haven import --db sup.db --user admin E:\\JS-NJ-01-full-1-2026-03-02.haven --confirm-fingerprint "25519 12642 …"',
              ].join('\n'),
            },
          ],
        },
        {
          id: 'cli-ledger',
          title: 'ledger: the persons ledger',
          blocks: [
            {
              kind: 'p',
              text: 'ledger import reads an Excel ledger (--dry-run checks and writes nothing; bad rows are listed by row and column); ledger export writes the ledger, ID numbers masked unless an administrator adds --full-id-numbers --reason.',
            },
            { kind: 'code', text: 'haven ledger import --db haven.db --user admin --file ledger.xlsx --dry-run\nhaven ledger export --db haven.db --user admin --out ledger-export.xlsx' },
          ],
        },
        {
          id: 'cli-other',
          title: 'Other commands',
          blocks: [
            {
              kind: 'list',
              items: [
                'haven init: a new encrypted database from the command line (--mode station or supervisor); shows the recovery key once.',
                'haven alerts: the worklist as of a day (--at YYYY-MM-DD).',
                'haven demo: synthetic persons and records for training (never in a real database).',
                'haven bench: the performance benchmark.',
                'haven --help: every command and its options.',
              ],
            },
          ],
        },
      ],
    },
  ],
};
